fn main() {
    qabul_pwa::start();
}
