//! `qabul`: the server's command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use qabul_server::db::DatabaseUrl;
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
            let config = AppConfig {
                database,
                static_dir,
            };
            let app = App::build(&config)
                .await
                .with_context(|| format!("cannot start Qabul with {}", cli.database))?;
            let (addr, server) = app.bind(listen).await?;
            // Tests read this line to learn the port: keep its shape.
            println!("Qabul is listening on http://{addr}/");
            println!(
                "Open http://{addr}/ in a browser. Phones enrol from a link made by `qabul enumerator add NAME`."
            );
            server.await.context("server failed")?;
        }
    }
    Ok(())
}
