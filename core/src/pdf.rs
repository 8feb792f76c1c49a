//! The PDF files of gated documents: what an upload must be (a whole, readable,
//! unencrypted PDF with pages, at most 25 MB), and the stamp every copy that leaves
//! carries — the viewer's name, company and e-mail, the time and the grant's reference,
//! diagonally and light across each page and in a footer — so that a copy found in the
//! wild names whom it was given to. Pure functions of bytes: the edge runs them in the
//! Worker, the tests and the fuzzer natively.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

/// The largest file an organisation may upload.
pub const MAX_BYTES: usize = 25 * 1024 * 1024;

/// Why an upload is not accepted, in words for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is larger than 25 MB.")]
    TooLarge,
    #[error("The file is not a PDF (it does not start with %PDF-).")]
    NotPdf,
    #[error(
        "The PDF is cut short (it does not end with %%EOF): the upload was probably interrupted. Send it again."
    )]
    Truncated,
    #[error(
        "The PDF is encrypted (password-protected or restricted). Save it without protection and upload it again: every copy is stamped for its viewer, which an encrypted file does not allow."
    )]
    Encrypted,
    #[error("The PDF has no pages.")]
    NoPages,
    #[error("The PDF could not be read ({0}). Save it again from the application that made it, or print it to a new PDF.")]
    Unreadable(String),
}

/// An upload that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub pages: u32,
}

/// Reads an upload the way the stamp will: a `Checked` only when every copy of it can
/// be stamped.
pub fn check(bytes: &[u8]) -> Result<Checked, PdfError> {
    let doc = load(bytes)?;
    Ok(Checked {
        pages: doc.get_pages().len() as u32,
    })
}

fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(PdfError::TooLarge);
    }
    // The header may follow a few bytes of anything (ISO 32000-1, 7.5.2 as readers apply it).
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(PdfError::Truncated);
    }
    let doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_)
        | lopdf::Error::InvalidPassword
        | lopdf::Error::UnsupportedSecurityHandler(_) => PdfError::Encrypted,
        other => PdfError::Unreadable(short(&other.to_string())),
    })?;
    // An owner-protected file opens with the empty password; it is refused all the same.
    if doc.was_encrypted() || doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    // Every page the page tree names must be there: a copy stamps each one, and a page
    // that is not there would leave the copy shorter than the file, unmarked where it
    // differs.
    if let Some(n) = pages
        .iter()
        // Object 0 is never an object (it heads the free list), whatever a reader makes of it.
        .find(|(_, id)| id.0 == 0 || doc.get_dictionary(**id).is_err())
        .map(|(n, _)| *n)
    {
        return Err(PdfError::Unreadable(format!(
            "page {n} is missing or damaged"
        )));
    }
    Ok(doc)
}

fn short(message: &str) -> String {
    message.chars().take(160).collect()
}

/// Who a copy is for, and which grant it was taken under.
#[derive(Debug, Clone)]
pub struct Stamp<'a> {
    pub name: &'a str,
    pub company: &'a str,
    pub email: &'a str,
    /// When the copy was made, as it is printed (e.g. `2026-12-06 15:40 UTC`).
    pub time: &'a str,
    /// The grant's short reference, which the console's leak lookup finds.
    pub reference: &'a str,
}

impl Stamp<'_> {
    /// The two diagonal lines across each page.
    pub fn diagonal(&self) -> [String; 2] {
        [
            format!(
                "{} \u{b7} {} \u{b7} {}",
                self.name, self.company, self.email
            ),
            format!("{} \u{b7} {}", self.time, self.reference),
        ]
    }

    /// The footer of each page.
    pub fn footer(&self) -> String {
        format!(
            "Confidential copy for {} ({}, {}), {} \u{b7} Reference {} \u{b7} Do not redistribute.",
            self.name, self.company, self.email, self.time, self.reference
        )
    }
}

/// The resource names the stamp adds to each page; unlikely to meet a page's own.
const FONT: &[u8] = b"AttestStampFont";
const GS: &[u8] = b"AttestStampGS";

/// `bytes` with the stamp on every page: the page's own drawing kept whole (wrapped in
/// `q … Q` so its graphics state cannot leak into the stamp), the diagonal drawn light
/// and translucent over it, the footer at the foot.
pub fn stamp(bytes: &[u8], stamp: &Stamp) -> Result<Vec<u8>, PdfError> {
    let mut doc = load(bytes)?;
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let gs = doc.add_object(dictionary! {
        "Type" => "ExtGState",
        "ca" => 0.35,
        "CA" => 0.35,
    });
    let save = doc.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
    let diagonal = stamp.diagonal();
    let footer = stamp.footer();
    for page in doc.get_pages().into_values() {
        let [x0, y0, x1, y1] = media_box(&doc, page);
        let content = draw(x0, y0, x1 - x0, y1 - y0, &diagonal, &footer);
        let mark = doc.add_object(Stream::new(Dictionary::new(), content));
        put_resource(&mut doc, page, b"Font", FONT, font).map_err(unreadable)?;
        put_resource(&mut doc, page, b"ExtGState", GS, gs).map_err(unreadable)?;
        let own = own_contents(&doc, page);
        let mut contents = Vec::with_capacity(own.len() + 2);
        contents.push(Object::Reference(save));
        contents.extend(own);
        contents.push(Object::Reference(mark));
        doc.get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .map_err(unreadable)?
            .set("Contents", contents);
    }
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8 + 4096);
    doc.save_to(&mut out)
        .map_err(|e| PdfError::Unreadable(short(&e.to_string())))?;
    Ok(out)
}

fn unreadable(e: lopdf::Error) -> PdfError {
    PdfError::Unreadable(short(&e.to_string()))
}

/// The page's content streams as they are (a stream or an array of them).
fn own_contents(doc: &Document, page: ObjectId) -> Vec<Object> {
    let Ok(dict) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    match dict.get(b"Contents") {
        Ok(Object::Reference(id)) => match doc.get_object(*id) {
            Ok(Object::Array(items)) => items.clone(),
            _ => vec![Object::Reference(*id)],
        },
        Ok(Object::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// The page's `MediaBox`, its own or inherited; US Letter when none reads.
fn media_box(doc: &Document, page: ObjectId) -> [f32; 4] {
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..32 {
        let Some(dict) = node else { break };
        if let Ok(found) = dict.get(b"MediaBox") {
            let found = match found {
                Object::Reference(id) => doc.get_object(*id).unwrap_or(found),
                other => other,
            };
            if let Ok(items) = found.as_array() {
                let numbers: Vec<f32> = items
                    .iter()
                    .filter_map(|o| match o {
                        Object::Reference(id) => doc.get_object(*id).ok()?.as_float().ok(),
                        other => other.as_float().ok(),
                    })
                    .collect();
                if let [a, b, c, d] = numbers[..] {
                    if (c - a).abs() > 1.0 && (d - b).abs() > 1.0 {
                        return [a.min(c), b.min(d), a.max(c), b.max(d)];
                    }
                }
            }
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    [0.0, 0.0, 612.0, 792.0]
}

/// Names `id` as `name` in the page's resources of `category` (`Font`, `ExtGState`),
/// whether those are the page's own, inherited, or a shared dictionary by reference.
fn put_resource(
    doc: &mut Document,
    page: ObjectId,
    category: &[u8],
    name: &[u8],
    id: ObjectId,
) -> lopdf::Result<()> {
    let resources = doc.get_or_create_resources(page)?;
    if let Object::Reference(_) = resources {
        return Err(lopdf::Error::ObjectNotFound((0, 0)));
    }
    let resources = resources.as_dict_mut()?;
    let inner = match resources.get(category) {
        Ok(Object::Reference(id)) => Some(*id),
        Ok(Object::Dictionary(_)) => None,
        _ => {
            resources.set(category, Dictionary::new());
            None
        }
    };
    let target = match inner {
        Some(inner) => doc.get_object_mut(inner)?.as_dict_mut()?,
        None => doc
            .get_or_create_resources(page)?
            .as_dict_mut()?
            .get_mut(category)?
            .as_dict_mut()?,
    };
    target.set(name, Object::Reference(id));
    Ok(())
}

/// Helvetica's advance widths (per 1000 units of the size) for the printable ASCII
/// range; other characters count as an average one. Enough to centre and fit a line.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

fn width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| {
            let code = c as u32;
            if (32..127).contains(&code) {
                HELVETICA[(code - 32) as usize] as f32
            } else {
                556.0
            }
        })
        .sum::<f32>()
        * size
        / 1000.0
}

/// A PDF string in WinAnsi encoding: Latin-1 as it is, `\`, `(` and `)` escaped, what
/// the font cannot show as `?`.
fn pdf_string(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    out.push(b'(');
    for c in text.chars() {
        let code = c as u32;
        match c {
            '\\' | '(' | ')' => {
                out.push(b'\\');
                out.push(code as u8);
            }
            _ if (32..127).contains(&code) || (0xA0..=0xFF).contains(&code) => out.push(code as u8),
            _ => out.push(b'?'),
        }
    }
    out.push(b')');
    out
}

/// The stamp's drawing for a page of `w` by `h` points from `(x0, y0)`.
fn draw(x0: f32, y0: f32, w: f32, h: f32, diagonal: &[String; 2], footer: &str) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(512);
    let font = String::from_utf8_lossy(FONT);
    let gs = String::from_utf8_lossy(GS);
    // Across the page from lower left to upper right, each line centred on the diagonal.
    let angle = h.atan2(w);
    let (sin, cos) = angle.sin_cos();
    let room = (w * w + h * h).sqrt() * 0.8;
    let widest = diagonal.iter().map(|l| width(l, 1.0)).fold(1.0, f32::max);
    let size = (room / widest).clamp(8.0, 40.0);
    let (cx, cy) = (x0 + w / 2.0, y0 + h / 2.0);
    out.extend_from_slice(
        format!("q /{gs} gs 0.55 0.55 0.55 rg BT /{font} {size:.2} Tf\n").as_bytes(),
    );
    for (i, line) in diagonal.iter().enumerate() {
        let len = width(line, size);
        // The first line above the diagonal, the second below it.
        let offset = if i == 0 { size * 0.35 } else { -size * 1.05 };
        let x = cx - cos * len / 2.0 - sin * offset;
        let y = cy - sin * len / 2.0 + cos * offset;
        out.extend_from_slice(
            format!("{cos:.4} {sin:.4} {:.4} {cos:.4} {x:.2} {y:.2} Tm ", -sin).as_bytes(),
        );
        out.extend_from_slice(&pdf_string(line));
        out.extend_from_slice(b" Tj\n");
    }
    out.extend_from_slice(b"ET Q\n");
    // The footer: small, dark grey, fitted to the page's width.
    let fit = (w - 36.0) / width(footer, 1.0);
    let footer_size = fit.clamp(4.0, 7.0);
    let fx = x0 + ((w - width(footer, footer_size)) / 2.0).max(6.0);
    out.extend_from_slice(
        format!(
            "q 0.3 0.3 0.3 rg BT /{font} {footer_size:.2} Tf 1 0 0 1 {fx:.2} {:.2} Tm ",
            y0 + 12.0
        )
        .as_bytes(),
    );
    out.extend_from_slice(&pdf_string(footer));
    out.extend_from_slice(b" Tj ET Q\n");
    out
}

/// A plain PDF of `pages` pages, each with `title`, its page number and a paragraph:
/// the demo's files and the tests' uploads.
pub fn sample(title: &str, pages: u32) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let tree = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::new();
    for n in 1..=pages.max(1) {
        let mut text = Vec::new();
        text.extend_from_slice(b"BT /F1 20 Tf 72 720 Td ");
        text.extend_from_slice(&pdf_string(title));
        text.extend_from_slice(b" Tj /F1 11 Tf 0 -32 Td ");
        text.extend_from_slice(&pdf_string(&format!("Page {n} of {pages}")));
        text.extend_from_slice(b" Tj 0 -22 Td ");
        for line in [
            "This document describes the controls in place over the period it covers.",
            "It is shared under the terms agreed with its reader and may not be passed on.",
        ] {
            text.extend_from_slice(&pdf_string(line));
            text.extend_from_slice(b" Tj 0 -16 Td ");
        }
        text.extend_from_slice(b"ET\n");
        let content = doc.add_object(Stream::new(Dictionary::new(), text));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => tree,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content,
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("a new document writes");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp_for() -> Stamp<'static> {
        Stamp {
            name: "Grace Hopper",
            company: "Compilers (UK) Ltd",
            email: "grace@compilers.example",
            time: "2026-12-06 15:40 UTC",
            reference: "G-7K3Q-9XWM",
        }
    }

    #[test]
    fn a_sample_reads_with_its_pages() {
        assert_eq!(check(&sample("SOC 2", 3)).unwrap().pages, 3);
    }

    #[test]
    fn every_page_of_a_stamped_copy_carries_the_stamp_and_keeps_its_own_content() {
        let original = sample("SOC 2 Type II", 4);
        let stamped = stamp(&original, &stamp_for()).unwrap();
        let doc = Document::load_mem(&stamped).unwrap();
        assert_eq!(doc.get_pages().len(), 4);
        for page in doc.get_pages().into_values() {
            let content = String::from_utf8_lossy(&doc.get_page_content(page)).into_owned();
            assert!(content.starts_with("q\n"), "{content}");
            assert!(content.contains("(SOC 2 Type II) Tj"), "{content}");
            assert!(content.contains("grace@compilers.example"), "{content}");
            assert!(content.contains("G-7K3Q-9XWM"), "{content}");
            assert!(content.contains("Compilers \\(UK\\) Ltd"), "{content}");
            let fonts = doc.get_page_fonts(page).unwrap();
            assert!(fonts.contains_key(FONT) && fonts.contains_key(&b"F1"[..]));
        }
    }

    #[test]
    fn what_is_no_whole_readable_unencrypted_pdf_is_refused_with_its_reason() {
        let good = sample("R", 1);
        assert_eq!(check(b""), Err(PdfError::Empty));
        assert_eq!(check(b"GIF89a not a pdf %%EOF"), Err(PdfError::NotPdf));
        assert_eq!(check(&good[..good.len() / 2]), Err(PdfError::Truncated));
        assert!(matches!(
            check(b"%PDF-1.7\n garbage \n%%EOF\n"),
            Err(PdfError::Unreadable(_))
        ));
        let mut doc = Document::load_mem(&good).unwrap();
        let id = Object::string_literal(b"0123456789abcdef".to_vec());
        doc.trailer.set("ID", vec![id.clone(), id]);
        let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: "",
            key_length: 128,
            permissions: lopdf::Permissions::empty(),
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        let mut encrypted = Vec::new();
        doc.save_to(&mut encrypted).unwrap();
        assert_eq!(check(&encrypted), Err(PdfError::Encrypted));
        assert_eq!(
            stamp(&encrypted, &stamp_for()).unwrap_err(),
            PdfError::Encrypted
        );
    }

    #[test]
    fn a_file_whose_page_tree_names_a_page_that_is_not_there_is_refused() {
        // Found by the fuzzer (make fuzz, pdf_upload): a sample with bytes of its last
        // page's object erased. Stamped, it came out a page short.
        let damaged = include_bytes!("../testdata/pdf-missing-page.pdf");
        assert_eq!(
            check(damaged),
            Err(PdfError::Unreadable("page 3 is missing or damaged".into()))
        );
        // And one whose first page is object 0, which no PDF has.
        let zero = include_bytes!("../testdata/pdf-page-object-zero.pdf");
        assert_eq!(
            check(zero),
            Err(PdfError::Unreadable("page 1 is missing or damaged".into()))
        );
    }

    #[test]
    fn text_outside_the_font_becomes_a_question_mark_and_parentheses_are_escaped() {
        assert_eq!(pdf_string("é (a) \\ ✓"), b"(\xe9 \\(a\\) \\\\ ?)".to_vec());
    }
}
