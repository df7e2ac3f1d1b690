//! QR codes of share links, as SVG (crisp at any size, for the app and print) and
//! PNG (for chat apps and slides). Error correction level M: a link stays readable
//! from a phone camera at a slant or on a slightly dirty screen.

use qrcode::{Color, EcLevel, QrCode};

#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("the link is too long for a QR code")]
    TooLong,
    #[error("writing the PNG: {0}")]
    Png(String),
}

/// Pixels per QR module in the PNG, and the quiet zone (in modules) around it,
/// which scanners need (ISO/IEC 18004 asks for 4).
const PNG_SCALE: usize = 8;
const QUIET: usize = 4;

fn code(text: &str) -> Result<QrCode, QrError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| QrError::TooLong)
}

/// An SVG document of the code, dark on white, with a quiet zone.
pub fn svg(text: &str) -> Result<String, QrError> {
    Ok(code(text)?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build())
}

/// A grayscale PNG of the code.
pub fn png(text: &str) -> Result<Vec<u8>, QrError> {
    let code = code(text)?;
    let width = code.width();
    let colors = code.to_colors();
    let side = (width + 2 * QUIET) * PNG_SCALE;
    let mut pixels = vec![255u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (mx, my) = (index % width + QUIET, index / width + QUIET);
        for y in my * PNG_SCALE..(my + 1) * PNG_SCALE {
            pixels[y * side + mx * PNG_SCALE..y * side + (mx + 1) * PNG_SCALE].fill(0);
        }
    }
    let mut out = Vec::new();
    {
        let side = u32::try_from(side).map_err(|_| QrError::TooLong)?;
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| QrError::Png(e.to_string()))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| QrError::Png(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://relay.example/s/AAAAAAAAAAAAAAAAAAAAAA#k=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    #[test]
    fn svg_is_an_svg_document_with_dark_modules() {
        let svg = svg(LINK).unwrap();
        assert!(svg.contains("<svg"));
        assert!(svg.contains("#000"));
    }

    #[test]
    fn png_decodes_to_a_square_image_with_a_white_quiet_zone_and_dark_modules() {
        let bytes = png(LINK).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.width, info.height);
        let pixels = &buf[..info.buffer_size()];
        assert_eq!(pixels[0], 255, "the corner is quiet zone");
        let quiet = QUIET * PNG_SCALE;
        let side = info.width as usize;
        assert_eq!(
            pixels[quiet * side + quiet],
            0,
            "the finder pattern starts dark"
        );
    }

    #[test]
    fn absurdly_long_text_is_refused() {
        assert!(matches!(svg(&"x".repeat(10_000)), Err(QrError::TooLong)));
    }
}
