//! The `chronolane` command-line tool.

fn main() -> std::process::ExitCode {
    chronolane::cli::main()
}
