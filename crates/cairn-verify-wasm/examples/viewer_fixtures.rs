//! Writes what the browser tests (tests/browser) serve as a `did:web` issuer on the
//! loopback: `viewer_fixtures HOST:PORT DIR` makes, for an issuer at the site root
//! (`open/`, served with CORS) and one under `/closed` (served without), their DID
//! documents, revocation lists and a badge each whose bit is clear and one whose bit
//! is set. File names say where each is served.

#[path = "../tests/support/issuer.rs"]
mod issuer;

use std::path::Path;

use issuer::{GOOD_INDEX, Issuer, REVOKED_INDEX};

fn write(dir: &Path, name: &str, value: &serde_json::Value) {
    std::fs::write(dir.join(name), value.to_string())
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, host, dir] = args.as_slice() else {
        eprintln!("usage: viewer_fixtures HOST:PORT DIR");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).expect("the output directory");
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).expect("random");
    for (name, path) in [("open", &[][..]), ("closed", &["closed"][..])] {
        seed[0] = seed[0].wrapping_add(1);
        let issuer = Issuer::new(host, path, seed);
        write(dir, &format!("{name}-did.json"), &issuer.document());
        write(
            dir,
            &format!("{name}-status.json"),
            &issuer.revocation_list(),
        );
        write(
            dir,
            &format!("{name}-good.json"),
            &issuer.badge("Welding", GOOD_INDEX),
        );
        write(
            dir,
            &format!("{name}-revoked.json"),
            &issuer.badge("Brazing", REVOKED_INDEX),
        );
    }
}
