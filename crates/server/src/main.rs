//! `qabul`: the server's command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use qabul_server::accounts::{Password, SupervisorName};
use qabul_server::admin::{self, EnumeratorName};
use qabul_server::db::{DatabaseUrl, Db};
use qabul_server::{App, AppConfig};

#[derive(Debug, Parser)]
#[command(
    name = "qabul",
    version,
    about = "Qabul: offline-first community acceptance surveys"
)]
struct Cli {
    /// Where the data lives: `sqlite://FILE` (embedded, the default) or `postgres://…`
    #[arg(
        long,
        global = true,
        env = "QABUL_DATABASE",
        default_value = "sqlite://qabul.db"
    )]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the PWA and the API.
    Serve {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// The built PWA (the output of scripts/build-pwa.mjs).
        #[arg(long = "static", default_value = "dist")]
        static_dir: PathBuf,
    },
    /// Manage enumerators and the enrolment codes of their phones.
    #[command(subcommand)]
    Enumerator(EnumeratorCommand),
    /// Manage the supervisors who sign in to the review pages.
    #[command(subcommand)]
    Supervisor(SupervisorCommand),
    /// Write the submissions of the built-in form as CSV, JSON or XLSX, as the review pages
    /// export them.
    Export(ExportArgs),
    /// Make a key pair for encrypted forms: the private key into a new file (mode 0600), the
    /// public key printed, to publish with `qabul form publish`.
    Keygen {
        /// Where to write the private key; an existing file is never overwritten.
        #[arg(long, default_value = "qabul-private-key.txt")]
        output: PathBuf,
    },
    /// Manage the forms phones fill.
    #[command(subcommand)]
    Form(FormCommand),
    /// Fill the database with synthetic submissions, for demonstrations and benchmarks.
    Seed {
        /// How many submissions to add.
        #[arg(long)]
        demo: usize,
        /// The random seed: the same seed adds the same interviews.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Seal every submission to this public key (from `qabul keygen`), as a phone does
        /// for a form that carries it: they open only in the review page, with its private key.
        #[arg(long, value_name = "PUBLIC_KEY")]
        sealed_to: Option<qabul_core::seal::PublicKey>,
    },
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// Write here instead of to standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Choice labels in this language (en, ar, ckb) instead of codes.
    #[arg(long)]
    labels: Option<qabul_core::lang::Lang>,
    /// Keep latitude and longitude; without this, the district is the finest place given.
    #[arg(long)]
    location: bool,
    /// Only this district (its code).
    #[arg(long)]
    district: Option<String>,
    /// Only this enumerator.
    #[arg(long)]
    enumerator: Option<String>,
    /// Finalized on or after this day (UTC), e.g. 2026-11-01.
    #[arg(long)]
    from: Option<qabul_core::Date>,
    /// Finalized on or before this day (UTC).
    #[arg(long)]
    to: Option<qabul_core::Date>,
    #[arg(
        long,
        value_parser = parse_flag,
        help = "Only submissions with this quality flag: too_short, sequence_gap or burst"
    )]
    flag: Option<qabul_core::quality::Flag>,
    /// csv, json or xlsx.
    #[arg(long, default_value = "csv")]
    format: qabul_server::export::Format,
}

fn parse_flag(code: &str) -> Result<qabul_core::quality::Flag, String> {
    qabul_core::quality::Flag::from_code(code)
        .ok_or_else(|| format!("unknown quality flag `{code}`: too_short, sequence_gap or burst"))
}

#[derive(Debug, Subcommand)]
enum FormCommand {
    /// Publish a new version of the built-in form whose submissions phones seal to this public
    /// key (from `qabul keygen`). Only a supervisor holding the private key can read them.
    Publish {
        /// The new version's name, e.g. `2`.
        #[arg(long)]
        version: String,
        /// The public key, `qabul-pk1:…`.
        #[arg(long)]
        public_key: qabul_core::seal::PublicKey,
    },
}

#[derive(Debug, Subcommand)]
enum SupervisorCommand {
    /// Add a supervisor and print their password, generated, once.
    Add { name: SupervisorName },
}

#[derive(Debug, Subcommand)]
enum EnumeratorCommand {
    /// Create an enumerator (or give an existing one a new code) and print a one-time
    /// enrolment code with its link.
    Add {
        name: EnumeratorName,
        /// Print one line of JSON: {"code": "...", "url": "..."}.
        #[arg(long)]
        json: bool,
        /// The server's address as phones reach it, for the link.
        #[arg(long, env = "QABUL_BASE_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
        /// Days until the code expires.
        #[arg(long, default_value_t = 7)]
        days: u32,
    },
    /// List enumerators with their phones and submissions.
    List,
    /// Revoke an enumerator: each of their phones is refused on its next request.
    Revoke { name: EnumeratorName },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "qabul=info,qabul_server=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let database: DatabaseUrl = cli.database.parse()?;
    match cli.command {
        Command::Serve { listen, static_dir } => {
            let config = AppConfig::new(database, static_dir);
            let app = App::build(&config)
                .await
                .with_context(|| format!("cannot start Qabul with {}", cli.database))?;
            let chosen = match std::env::var("QABUL_ADMIN_PASSWORD") {
                Ok(text) => Some(
                    text.parse::<Password>()
                        .context("QABUL_ADMIN_PASSWORD is too short")?,
                ),
                Err(_) => None,
            };
            let generated = admin::ensure_first_supervisor(app.db(), chosen).await?;
            let (addr, server) = app.bind(listen).await?;
            // Tests read this line to learn the port: keep its shape.
            println!("Qabul is listening on http://{addr}/");
            println!(
                "Open http://{addr}/ in a browser. Phones enrol from a link made by `qabul enumerator add NAME`."
            );
            if let Some(password) = generated {
                println!(
                    "First supervisor: `{}`, password: {} (shown only now; add others with `qabul supervisor add NAME`)",
                    admin::FIRST_SUPERVISOR,
                    password.as_str()
                );
            }
            // The last line of the start-up message: tests read up to it.
            println!("Supervisors sign in at http://{addr}/review");
            server.await.context("server failed")?;
        }
        Command::Supervisor(SupervisorCommand::Add { name }) => {
            let db = Db::open(&database)
                .await
                .with_context(|| format!("cannot open {}", cli.database))?;
            let password = Password::generate();
            admin::add_supervisor(&db, &name, &password).await?;
            println!(
                "Supervisor {} added. Password: {} (shown only now)",
                name.as_str(),
                password.as_str()
            );
        }
        Command::Keygen { output } => {
            let key = qabul_server::keys::generate();
            qabul_server::keys::write_private_key(&output, &key)?;
            println!(
                "Private key written to {} (mode 0600). Keep it off the server: supervisors load it into the review page to read encrypted submissions; without it they cannot be read.",
                output.display()
            );
            println!("Key id: {}", key.key_id());
            println!("Public key: {}", key.public_key());
            println!(
                "Publish it with: qabul form publish --version 2 --public-key {}",
                key.public_key()
            );
        }
        Command::Form(FormCommand::Publish {
            version,
            public_key,
        }) => {
            let db = Db::open(&database)
                .await
                .with_context(|| format!("cannot open {}", cli.database))?;
            let form = qabul_server::keys::publish_builtin(&db, &version, &public_key).await?;
            println!(
                "Published {} version {} sealed to key {}. Phones enrolled from now on seal every interview of it.",
                form.id,
                form.version,
                public_key.key_id()
            );
        }
        Command::Export(args) => {
            let db = Db::open(&database)
                .await
                .with_context(|| format!("cannot open {}", cli.database))?;
            export(&db, args).await?;
        }
        Command::Seed {
            demo,
            seed,
            sealed_to,
        } => {
            let db = Db::open(&database)
                .await
                .with_context(|| format!("cannot open {}", cli.database))?;
            let started = std::time::Instant::now();
            let report = qabul_server::seed::seed_demo(
                &db,
                demo,
                seed,
                sealed_to.as_ref(),
                qabul_server::now(),
            )
            .await?;
            println!(
                "Added {} synthetic{} submissions from {} demo enumerators in {:.1} s.",
                report.submissions,
                if sealed_to.is_some() { " sealed" } else { "" },
                report.enumerators,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Enumerator(command) => {
            let db = Db::open(&database)
                .await
                .with_context(|| format!("cannot open {}", cli.database))?;
            enumerator(&db, command).await?;
        }
    }
    Ok(())
}

async fn enumerator(db: &Db, command: EnumeratorCommand) -> anyhow::Result<()> {
    match command {
        EnumeratorCommand::Add {
            name,
            json,
            base_url,
            days,
        } => {
            let lifetime = Duration::from_secs(u64::from(days) * 24 * 3600);
            let code = admin::add_enumerator(db, &name, &base_url, lifetime).await?;
            if json {
                println!("{}", serde_json::to_string(&code)?);
            } else {
                println!("Enrolment code for {}: {}", name.as_str(), code.code);
                println!("Link: {}", code.url);
                println!(
                    "It works once, until {}. Open the link on the phone, or type the code on its enrolment page.",
                    code.expires_at
                );
            }
        }
        EnumeratorCommand::List => {
            let list = db.enumerators().await?;
            if list.is_empty() {
                println!("No enumerators yet: add one with `qabul enumerator add NAME`.");
            }
            println!(
                "{:<24} {:<8} {:>7} {:>11}  created",
                "name", "status", "phones", "submissions"
            );
            for e in list {
                let status = if e.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{:<24} {:<8} {:>7} {:>11}  {}",
                    e.name, status, e.devices, e.submissions, e.created_at
                );
            }
        }
        EnumeratorCommand::Revoke { name } => {
            let phones = db
                .revoke_enumerator(name.as_str(), qabul_server::now())
                .await?;
            println!(
                "Revoked {}: {phones} phone(s) are refused from their next request, and unused codes no longer work.",
                name.as_str()
            );
        }
    }
    Ok(())
}

async fn export(db: &Db, args: ExportArgs) -> anyhow::Result<()> {
    use qabul_core::protocol::Timestamp;
    use std::io::Write as _;
    let filter = qabul_server::db::SubmissionFilter {
        district: args.district,
        enumerator: args.enumerator,
        from: args.from.map(Timestamp::start_of_day),
        until: args.to.map(Timestamp::end_of_day),
        flag: args.flag,
        ..Default::default()
    };
    let options = qabul_core::export::ExportOptions {
        labels: args.labels,
        include_location: args.location,
    };
    let mut out: Box<dyn std::io::Write + Send> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(256);
    let format = args.format;
    let writer = {
        let db = db.clone();
        tokio::spawn(
            async move { qabul_server::export::export(&db, filter, options, format, tx).await },
        )
    };
    while let Some(chunk) = rx.recv().await {
        out.write_all(&chunk).context("cannot write the export")?;
    }
    out.flush().context("cannot write the export")?;
    let rows = writer.await??;
    eprintln!("Exported {rows} submissions.");
    Ok(())
}
