//! Generates the molecule types of `schema/godwoken_v0.mol` into `OUT_DIR`.

use molecule_codegen::{Compiler, Language};

fn main() {
    let schema = "schema/godwoken_v0.mol";
    println!("cargo:rerun-if-changed={schema}");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    Compiler::new()
        .input_schema_file(schema)
        .generate_code(Language::Rust)
        .output_dir(out_dir)
        .run()
        .expect("the molecule schema compiles");
}
