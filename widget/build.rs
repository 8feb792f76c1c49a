//! Minifies the widget's stylesheet into the build: comments and layout white space go,
//! since every visitor downloads the stylesheet inside the WebAssembly.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=style.css");
    let source = std::fs::read_to_string("style.css").expect("widget/style.css is readable");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("style.css");
    std::fs::write(out, minify(&source)).expect("OUT_DIR is writable");
}

/// Drops `/* … */` comments, collapses white space, and removes it around `{`, `}`, `;`
/// and after `,`, outside quoted strings. Selectors keep their spaces (`a :focus` is not
/// `a:focus`).
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote = None;
    let mut space = false;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => {
                let tight = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
                if space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
                    out.push(' ');
                }
                space = false;
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}
