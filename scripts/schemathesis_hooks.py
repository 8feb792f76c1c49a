"""Schemathesis hooks for the contract run (scripts/contract.sh): what the edge's uploads
take. A document's file is `application/pdf`, for which schemathesis has no generator of
its own: a whole PDF sometimes, and bytes that are no PDF, a cut-short one and an empty
one, each of which the edge must refuse with a 400 naming the file."""

import schemathesis
from hypothesis import strategies as st


def sample_pdf(title: str, pages: int) -> bytes:
    """A plain PDF of `pages` pages with `title` on each (as tests/browser/sample-content.mjs)."""
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>",
               3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for n in range(1, pages + 1):
        content = f"BT /F1 20 Tf 72 720 Td ({title}) Tj /F1 11 Tf 0 -32 Td (Page {n} of {pages}) Tj ET\n"
        objects[2 + n * 2] = f"<< /Length {len(content)} >>\nstream\n{content}endstream"
        objects[3 + n * 2] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                              f"/Resources << /Font << /F1 3 0 R >> >> /Contents {2 + n * 2} 0 R >>")
        kids.append(f"{3 + n * 2} 0 R")
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    out = "%PDF-1.4\n"
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n"
    out += "".join(f"{offsets[n]:010d} 00000 n \n" for n in range(1, size))
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


WHOLE = sample_pdf("Contract run", 2)

schemathesis.openapi.media_type(
    "application/pdf",
    st.sampled_from([WHOLE, WHOLE[: len(WHOLE) // 2], b"", b"GIF89a not a pdf", b"%PDF-1.7\n%%EOF\n"])
    | st.binary(max_size=64),
)


# An organisation's logo: an SVG that is only a picture and a whole PNG, which the edge
# keeps, and an SVG with script, one that loads from elsewhere, a cut-short PNG and bytes
# that are neither, which it must refuse with a 400 naming the file.
LOGO_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
            b'<circle cx="5" cy="5" r="4" fill="#5b2a86"/></svg>')
LOGO_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d24000000114944415478"
    "9c6388d66afb0fc20c30060044ea082918c483130000000049454e44ae426082")

schemathesis.openapi.media_type(
    "image/svg+xml",
    st.sampled_from([
        LOGO_SVG,
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><image href="https://e.example/p.png"/></svg>',
        b"",
    ])
    | st.binary(max_size=64),
)

schemathesis.openapi.media_type(
    "image/png",
    st.sampled_from([LOGO_PNG, LOGO_PNG[:20], b"GIF89a not a png"]) | st.binary(max_size=64),
)
