//! Credentials for the end-to-end tests, signed by the core's own signer.
//!
//!     cargo run -p cairn-desktop --example e2e_fixtures -- DIR            # the journey's folder
//!     cargo run -p cairn-desktop --example e2e_fixtures -- DIR --revocation-list URL FILE
//!     cargo run -p cairn-desktop --example e2e_fixtures -- DIR --count N  # N credentials for the big-list test
//!
//! The journey's folder holds one credential of each state the app shows (verified,
//! warning, failed by tampering, failed by expiry, unknown), a second copy of one (a
//! duplicate), and a file that is not a credential. With `--revocation-list`, it also
//! holds a revoked credential whose status list is at URL: the signed list is written
//! to FILE (outside DIR), for the test to serve there.

use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::keys::{did_key_ed25519, did_key_verification_method};
use serde_json::{Value, json};

struct Issuer {
    key: ed25519_dalek::SigningKey,
    did: String,
    vm: String,
}

impl Issuer {
    fn new() -> Self {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("system RNG");
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        let did = did_key_ed25519(&key.verifying_key());
        Issuer {
            vm: did_key_verification_method(&did),
            did,
            key,
        }
    }

    fn sign(&self, doc: &Value, suite: Suite) -> Value {
        self.sign_as(doc, suite, &self.vm)
    }

    fn sign_as(&self, doc: &Value, suite: Suite, vm: &str) -> Value {
        data_integrity::sign(
            doc,
            suite,
            &self.key,
            vm,
            "2026-01-15T09:00:00Z",
            "assertionMethod",
        )
        .expect("signing a fixture")
    }
}

/// A badge picture: a rounded tile with a glyph, as a `data:` URL.
fn picture(glyph: &str, from: &str, to: &str) -> String {
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{from}"/><stop offset="1" stop-color="{to}"/></linearGradient></defs><rect width="128" height="128" rx="28" fill="url(#g)"/><circle cx="64" cy="64" r="40" fill="none" stroke="#fff" stroke-opacity=".55" stroke-width="6"/><text x="64" y="80" font-family="sans-serif" font-size="44" font-weight="700" text-anchor="middle" fill="#fff">{glyph}</text></svg>"##
    );
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

struct Badge<'a> {
    n: usize,
    name: &'a str,
    description: &'a str,
    issuer_name: &'a str,
    valid_from: &'a str,
    valid_until: Option<&'a str>,
    image: Option<String>,
    skills: &'a [&'a str],
}

fn badge(issuer: &Issuer, b: &Badge) -> Value {
    let mut doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("urn:uuid:6a0e2c1d-0000-4000-8000-{:012}", b.n),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer.did, "type": ["Profile"], "name": b.issuer_name,
            "url": "https://college.example", "email": "registrar@college.example",
            "description": "A community college offering trade and health programmes."
        },
        "validFrom": b.valid_from,
        "name": b.name,
        "credentialSubject": {
            "id": "did:example:ada-lovelace",
            "type": ["AchievementSubject"],
            "result": [{"type": ["Result"], "resultDescription": format!("urn:uuid:rd-{}", b.n), "value": "92%"}],
            "achievement": {
                "id": format!("urn:uuid:7b1c2d3e-0000-4000-8000-{:012}", b.n),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": b.name,
                "description": b.description,
                "criteria": {"narrative": "Passed a supervised practical assessment and a written test with at least 80%."},
                "alignment": b.skills.iter().enumerate().map(|(i, s)| json!({
                    "type": ["Alignment"], "targetName": s, "targetFramework": "ESCO",
                    "targetCode": format!("S{}.{}", b.n % 9 + 1, i + 1),
                    "targetUrl": format!("https://esco.example/skills/{}", s.to_lowercase().replace(' ', "-"))
                })).collect::<Vec<_>>(),
                "resultDescription": [{"id": format!("urn:uuid:rd-{}", b.n), "type": ["ResultDescription"], "name": "Written test score", "resultType": "Percent"}],
                "creditsAvailable": 1.5
            }
        },
        "evidence": [{"id": "https://portfolio.example/ada/1", "type": ["Evidence"], "name": "Assessment record", "narrative": "Assessor's notes and photos of the finished work."}]
    });
    if let Some(image) = &b.image {
        doc["credentialSubject"]["achievement"]["image"] = json!({"id": image, "type": "Image"});
    }
    if let Some(until) = b.valid_until {
        doc["validUntil"] = json!(until);
    }
    doc
}

fn write(dir: &Path, name: &str, doc: &Value) {
    std::fs::write(dir.join(name), serde_json::to_vec_pretty(doc).unwrap()).unwrap();
}

/// Where the revoked credential's status list is published, and the file to write it to.
struct RevocationList<'a> {
    url: &'a str,
    file: &'a Path,
}

/// The bit the revoked credential points at.
const REVOKED_INDEX: usize = 4242;

/// `issuer`'s signed revocation list at `url`, with only [`REVOKED_INDEX`] set.
fn revocation_list(issuer: &Issuer, url: &str) -> Value {
    // 16 KiB: the smallest list the Bitstring Status List spec allows (herd privacy).
    let mut bits = vec![0u8; 16 * 1024];
    bits[REVOKED_INDEX / 8] |= 0x80 >> (REVOKED_INDEX % 8);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).unwrap();
    let encoded = format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(gz.finish().unwrap())
    );
    issuer.sign(
        &json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer.did,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": format!("{url}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": encoded,
            }
        }),
        Suite::EddsaRdfc2022,
    )
}

fn journey(dir: &Path, revocation: Option<RevocationList>) {
    let college = Issuer::new();
    let health = Issuer::new();
    let welding = college.sign(
        &badge(&college, &Badge {
            n: 1,
            name: "Welding Fundamentals",
            description: "Safe setup and operation of MIG welding equipment, and sound fillet and butt joints in mild steel.",
            issuer_name: "Cairn Test College",
            valid_from: "2026-01-15T09:00:00Z",
            valid_until: None,
            image: Some(picture("W", "#1f5c55", "#4f9f92")),
            skills: &["Weld joints", "Workshop safety"],
        }),
        Suite::EddsaRdfc2022,
    );
    write(dir, "welding-fundamentals.json", &welding);
    std::fs::create_dir_all(dir.join("older")).unwrap();
    write(dir, "older/welding-fundamentals-copy.json", &welding);

    let mut first_aid = badge(
        &health,
        &Badge {
            n: 2,
            name: "Workplace First Aid",
            description: "Emergency first aid at work: assessing a casualty, CPR and the recovery position.",
            issuer_name: "Northfield Health Academy",
            valid_from: "2025-09-01T00:00:00Z",
            valid_until: None,
            image: Some(picture("+", "#9b1c24", "#d9534f")),
            skills: &["Cardiopulmonary resuscitation"],
        },
    );
    first_aid["credentialStatus"] = json!({
        "id": "https://health.example/status/1#94567", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "94567",
        "statusListCredential": "https://health.example/status/1"
    });
    write(
        dir,
        "first-aid.json",
        &health.sign(&first_aid, Suite::EddsaJcs2022),
    );

    let mut tampered = college.sign(
        &badge(
            &college,
            &Badge {
                n: 3,
                name: "Forklift Operation",
                description: "Counterbalance forklift operation in a warehouse.",
                issuer_name: "Cairn Test College",
                valid_from: "2026-02-01T00:00:00Z",
                valid_until: None,
                image: Some(picture("F", "#7a4700", "#e0a030")),
                skills: &["Operate forklift"],
            },
        ),
        Suite::EddsaRdfc2022,
    );
    tampered["credentialSubject"]["achievement"]["name"] = json!("Forklift Operation (Advanced)");
    tampered["name"] = json!("Forklift Operation (Advanced)");
    write(dir, "forklift-tampered.json", &tampered);

    let expired = college.sign(
        &badge(
            &college,
            &Badge {
                n: 4,
                name: "Food Hygiene Level 2",
                description: "Food safety and hygiene for catering.",
                issuer_name: "Cairn Test College",
                valid_from: "2023-06-30T00:00:00Z",
                valid_until: Some("2025-06-30T00:00:00Z"),
                image: None,
                skills: &["Food safety"],
            },
        ),
        Suite::EddsaRdfc2022,
    );
    write(dir, "food-hygiene-expired.json", &expired);

    // Signed, but naming a key that lives on the web: offline, nobody can confirm it.
    let web = college.sign_as(
        &badge(
            &college,
            &Badge {
                n: 5,
                name: "Data Literacy",
                description: "Reading charts and tables critically.",
                issuer_name: "Open Skills Network",
                valid_from: "2026-03-01T00:00:00Z",
                valid_until: None,
                image: Some(picture("D", "#3b4550", "#6b7f96")),
                skills: &["Interpret data"],
            },
        ),
        Suite::EddsaJcs2022,
        "did:web:skills.example#key-1",
    );
    write(dir, "data-literacy.json", &web);

    if let Some(list) = revocation {
        let mut revoked = badge(
            &college,
            &Badge {
                n: 6,
                name: "Scaffolding Safety",
                description: "Erecting and inspecting tube-and-fitting scaffolds.",
                issuer_name: "Cairn Test College",
                valid_from: "2026-01-20T00:00:00Z",
                valid_until: None,
                image: Some(picture("S", "#4a3a8a", "#8a78d0")),
                skills: &["Scaffold inspection"],
            },
        );
        revoked["credentialStatus"] = json!({
            "id": format!("{}#{REVOKED_INDEX}", list.url), "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": REVOKED_INDEX.to_string(),
            "statusListCredential": list.url
        });
        write(
            dir,
            "scaffolding-revoked.json",
            &college.sign(&revoked, Suite::EddsaRdfc2022),
        );
        std::fs::write(
            list.file,
            serde_json::to_vec_pretty(&revocation_list(&college, list.url)).unwrap(),
        )
        .unwrap();
    }

    std::fs::write(
        dir.join("shopping-list.json"),
        br#"{"shopping": ["milk", "bread"]}"#,
    )
    .unwrap();
}

fn many(dir: &Path, count: usize) {
    let issuers: Vec<(Issuer, String)> = [
        "Cairn Test College",
        "Northfield Health Academy",
        "Open Skills Network",
        "Harbour Technical Institute",
        "Riverside Adult Learning",
    ]
    .iter()
    .map(|name| (Issuer::new(), (*name).to_owned()))
    .collect();
    let subjects = [
        "Welding",
        "First Aid",
        "Carpentry",
        "Bookkeeping",
        "Python",
        "Spanish",
        "Forklift",
        "Nursing",
    ];
    for n in 0..count {
        let (issuer, issuer_name) = &issuers[n % issuers.len()];
        let name = format!("{} level {}", subjects[n % subjects.len()], n % 7 + 1);
        let from = format!(
            "20{:02}-{:02}-{:02}T09:00:00Z",
            18 + n % 8,
            n % 12 + 1,
            n % 28 + 1
        );
        // A number only this one has, so a search can find exactly it.
        let description = format!("Generated for the big-wallet test (number {n}).");
        let doc = badge(
            issuer,
            &Badge {
                n: 1000 + n,
                name: &name,
                description: &description,
                issuer_name,
                valid_from: &from,
                valid_until: None,
                image: None,
                skills: &[subjects[n % subjects.len()]],
            },
        );
        write(
            dir,
            &format!("c{n:05}.json"),
            &issuer.sign(&doc, Suite::EddsaJcs2022),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: e2e_fixtures DIR [--count N | --revocation-list URL FILE]");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).unwrap();
    match args.get(1).map(String::as_str) {
        Some("--count") => {
            let count = args.get(2).and_then(|n| n.parse().ok()).expect("--count N");
            many(dir, count);
        }
        Some("--revocation-list") => {
            let (Some(url), Some(file)) = (args.get(2), args.get(3)) else {
                panic!("--revocation-list URL FILE");
            };
            journey(
                dir,
                Some(RevocationList {
                    url,
                    file: Path::new(file),
                }),
            );
        }
        _ => journey(dir, None),
    }
}
