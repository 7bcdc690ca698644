//! Writes the data of the page's first screen before the module has started, as
//! `boot/first-screen.json` holds it (a test checks that file against the form):
//! `cargo run --example first-screen > boot/first-screen.json`.

fn main() {
    match qabul_pwa::first_screen_page::boot_data() {
        Ok(data) => println!(
            "{}",
            serde_json::to_string_pretty(&data).expect("JSON values print")
        ),
        Err(error) => {
            eprintln!(
                "the built-in form's first screen cannot be drawn before the app starts: {error}"
            );
            std::process::exit(1);
        }
    }
}
