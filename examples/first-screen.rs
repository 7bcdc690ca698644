//! Prints the data of the page's first screen before the module has started (JSON, one line),
//! for `scripts/build-pwa.mjs`.

fn main() {
    match qabul_pwa::first_screen_page::boot_data() {
        Ok(data) => println!("{data}"),
        Err(error) => {
            eprintln!(
                "the built-in form's first screen cannot be drawn before the app starts: {error}"
            );
            std::process::exit(1);
        }
    }
}
