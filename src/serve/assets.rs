//! The files `funnel-lab serve` serves from inside the binary: the app (`dist/`, when it was
//! built before the binary) and the phone page, each with its gzip copy made at build time.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// One embedded file.
#[derive(Clone, Copy, Debug)]
pub struct Asset {
    /// Its path in the URL, without the leading slash.
    pub path: &'static str,
    /// The bytes.
    pub raw: &'static [u8],
    /// The gzip copy (empty when gzip would not be smaller).
    pub gzip: &'static [u8],
}

fn find(
    table: &'static [(&'static str, &'static [u8], &'static [u8])],
    path: &str,
) -> Option<Asset> {
    table.iter().find(|(p, _, _)| *p == path).map(|&(path, raw, gzip)| Asset { path, raw, gzip })
}

/// A file of the app, by its path (`index.html`, `app-1a2b….js`, `icons/icon-192.png`).
pub fn app(path: &str) -> Option<Asset> {
    find(DIST_FILES, path)
}

/// A file of the phone page (`index.html`, `phone.js`, `phone.css`).
pub fn phone(path: &str) -> Option<Asset> {
    find(PHONE_FILES, path)
}

/// The media type, by extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether the name carries Trunk's content hash (`main-0123456789abcdef.css`): such a file
/// never changes under its name and is cached for a year; anything else is revalidated.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split(['-', '.', '_'])
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether the client takes gzip (`Accept-Encoding`, a `q=0` refusal honoured).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split(',').any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
    })
}

/// A strong validator: FNV-1a of the bytes (computed per request; the files are small and the
/// hashed ones are never asked again).
fn etag(raw: &[u8]) -> String {
    let h = raw
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("\"{h:016x}-{}\"", raw.len())
}

/// The response for an asset: its type, the gzip copy when the client takes it, caching
/// headers, and 304 when the client's copy is current.
pub fn respond(asset: Asset, headers: &HeaderMap) -> Response {
    let tag = etag(asset.raw);
    let cache =
        if is_hashed(asset.path) { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut out = HeaderMap::new();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(asset.path)));
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    out.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        out.insert(header::ETAG, v);
    }
    let current = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if current {
        return (StatusCode::NOT_MODIFIED, out).into_response();
    }
    if !asset.gzip.is_empty() && accepts_gzip(headers) {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        return (StatusCode::OK, out, asset.gzip).into_response();
    }
    (StatusCode::OK, out, asset.raw).into_response()
}

/// What `GET /` says when the binary was built before the app.
pub const NO_APP: &str = "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Funnel Lab</title>\
<h1>Funnel Lab: the app is not in this binary</h1>\
<p>This <code>funnel-lab</code> was compiled before the app (<code>dist/</code>) was built, so it serves \
rooms and the phone page only. Build the app and the binary together with \
<code>bash scripts/release.sh</code> (or <code>trunk build --release</code>, then \
<code>cargo build --release</code>).</p>\
<p lang=\"ru\">Приложение не встроено в этот файл: соберите его командой \
<code>bash scripts/release.sh</code>.</p></html>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_and_types() {
        assert!(is_hashed("app-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("main-0123456789abcdef.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("worker.js"));
        assert!(!is_hashed("icons/icon-192.png"));
        assert_eq!(content_type("a/b.wasm"), "application/wasm");
        assert_eq!(content_type("x"), "application/octet-stream");
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        let mut h = HeaderMap::new();
        assert!(!accepts_gzip(&h));
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br, gzip;q=0.8"));
        assert!(accepts_gzip(&h));
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip;q=0, identity"));
        assert!(!accepts_gzip(&h));
    }

    #[test]
    fn the_phone_page_is_embedded_compressed_and_small() {
        let total: usize = PHONE_FILES
            .iter()
            .map(|(_, raw, gz)| if gz.is_empty() { raw.len() } else { gz.len() })
            .sum();
        assert!(phone("index.html").is_some() && phone("phone.js").is_some());
        assert!(total <= 60 * 1024, "the phone page is {total} bytes gzipped");
        assert!(CSP.contains("default-src 'self'"), "{CSP}");
    }
}
