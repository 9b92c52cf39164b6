//! The `clawscope` command.

fn main() {
    println!("clawscope {}", env!("CARGO_PKG_VERSION"));
}
