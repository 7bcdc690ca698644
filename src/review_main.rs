fn main() {
    qabul_pwa::start_review();
}
