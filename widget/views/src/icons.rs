//! The trust center's icons: one small set of its own, drawn on a 16-unit grid as
//! strokes in the text's colour (the stylesheet's `.icon` gives the stroke), inlined
//! where they are rendered — no icon font, no file to fetch, nothing from a third party.
//! Each is decoration beside words that say the same (`aria-hidden`), so a screen reader
//! reads the words once and a forced-colours display still draws them.

use attest_core::{DocumentAccess, Framework, PracticeCategory, RequestKind};
use leptos::prelude::*;

/// An icon's outline: SVG path data on a 16 × 16 grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Icon(&'static str);

impl Icon {
    /// A shield with a tick: a law that protects people's data (GDPR, CCPA).
    pub const SHIELD_CHECK: Icon =
        Icon("M8 1.5 2.5 3.5v4c0 3.3 2.4 6 5.5 7 3.1-1 5.5-3.7 5.5-7v-4zM5.5 8l2 2 3-3.5");
    /// A shield: the product's security.
    pub const SHIELD: Icon = Icon("M8 1.5 2.5 3.5v4c0 3.3 2.4 6 5.5 7 3.1-1 5.5-3.7 5.5-7v-4z");
    /// A clipboard with a tick: an audit's report (SOC 2, SOX).
    pub const AUDIT: Icon = Icon("M5.5 2h5v2h-5zM5.5 3H3.5v11h9V3h-2M5.5 9l1.8 1.8L10.5 7.5");
    /// A seal with ribbons: a certificate (ISO 27001, ISO 27701).
    pub const SEAL: Icon =
        Icon("M8 1.5a4 4 0 1 1 0 8 4 4 0 0 1 0-8zM5.5 8.6 4.5 14.5 8 12.6l3.5 1.9-1-5.9");
    /// A payment card: PCI DSS.
    pub const CARD: Icon = Icon("M1.5 3.5h13v9h-13zM1.5 6.5h13M4 10h3");
    /// A public building: a government's standard (FISMA).
    pub const GOVERNMENT: Icon =
        Icon("M8 1.5 2 4.5h12zM3.5 6.5v5M6.5 6.5v5M9.5 6.5v5M12.5 6.5v5M2 13.5h12");
    /// A bar chart: financial reporting (SOX).
    pub const LEDGER: Icon = Icon("M2.5 13.5h11M4.5 11V7M8 11V3.5M11.5 11V8.5");
    /// A heart: health data (HIPAA).
    pub const HEALTH: Icon =
        Icon("M8 13.5S2 10 2 6a3 3 0 0 1 6-1 3 3 0 0 1 6 1c0 4-6 7.5-6 7.5zM6 7.5h4M8 5.5v4");
    /// A star: a framework of the organisation's own naming.
    pub const STAR: Icon =
        Icon("M8 1.5l1.9 4 4.3.5-3.2 3 .9 4.3L8 11.2l-3.9 2.1.9-4.3-3.2-3 4.3-.5z");
    /// A database: stored data.
    pub const DATA: Icon = Icon(
        "M2.5 4c0-1.1 2.5-2 5.5-2s5.5.9 5.5 2-2.5 2-5.5 2-5.5-.9-5.5-2zM2.5 4v8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2V4M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2",
    );
    /// A padlock: privacy, and a document behind an agreement.
    pub const LOCK: Icon = Icon("M3.5 7.5h9v6.5h-9zM5.5 7.5V5a2.5 2.5 0 0 1 5 0v2.5M8 10v1.5");
    /// A warning triangle: incidents.
    pub const ALERT: Icon = Icon("M8 2 1.5 13.5h13zM8 6.5v3M8 11.5v.3");
    /// A pulse: availability.
    pub const PULSE: Icon = Icon("M1.5 8h3l2-4.5 3 9 2-4.5h3");
    /// Two people: the organisation and its staff.
    pub const PEOPLE: Icon = Icon(
        "M6 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM1.5 13.5c0-2.5 2-4 4.5-4s4.5 1.5 4.5 4M11 7a2 2 0 0 0 0-4M12.5 9.8c1.2.5 2 1.7 2 3.7",
    );
    /// Two arrows in a circle: recovery, business continuity.
    pub const RECOVER: Icon = Icon(
        "M13.5 8a5.5 5.5 0 0 1-10.2 2.8M2.5 8a5.5 5.5 0 0 1 10.2-2.8M12.7 2.5v2.7H10M3.3 13.5v-2.7H6",
    );
    /// Two servers: infrastructure.
    pub const SERVER: Icon = Icon("M2.5 2.5h11v4h-11zM2.5 9.5h11v4h-11zM5 4.5h.5M5 11.5h.5");
    /// Cross hairs: threats watched for.
    pub const TARGET: Icon =
        Icon("M8 1.5v3M8 11.5v3M1.5 8h3M11.5 8h3M8 3a5 5 0 1 1 0 10A5 5 0 0 1 8 3z");
    /// Angle brackets: software written securely.
    pub const CODE: Icon = Icon("M5.5 4.5 2 8l3.5 3.5M10.5 4.5 14 8l-3.5 3.5M9 3l-2 10");
    /// A page: a document anyone may read.
    pub const PAGE: Icon = Icon("M4 1.5h5.5l3 3v10h-8.5zM9.5 1.5v3h3M6 8.5h4M6 11h4");
    /// An envelope: a document sent on request.
    pub const MAIL: Icon = Icon("M1.5 3.5h13v9h-13zM1.5 4l6.5 5 6.5-5");

    /// A tray with an arrow into it: a copy of one's data.
    pub const RECEIVE: Icon = Icon("M8 1.5v8M4.5 6 8 9.5 11.5 6M2.5 10.5v3h11v-3");
    /// A pencil: correcting data.
    pub const PENCIL: Icon = Icon("M10.5 2.5l3 3-8 8h-3v-3zM9 4l3 3");
    /// A bin: erasing data.
    pub const BIN: Icon = Icon("M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.8 6.5v4.5M9.2 6.5v4.5");
    /// A pause: restricting the use of data.
    pub const PAUSE: Icon =
        Icon("M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM6.5 5.5v5M9.5 5.5v5");
    /// An arrow out of a box: data to take elsewhere.
    pub const EXPORT: Icon = Icon("M9.5 2.5h4v4M13.5 2.5l-6 6M11.5 9.5v4h-9v-9h4");
    /// A hand raised: objecting.
    pub const HAND: Icon = Icon(
        "M5 8.5V4a1 1 0 0 1 2 0v3.5V3a1 1 0 0 1 2 0v4.5V4a1 1 0 0 1 2 0v5c0 3-1.8 5-4.5 5-2 0-3-1-4-2.8L2 9.2c-.5-.9.7-1.7 1.4-1z",
    );
    /// A price tag crossed out: not sold, not shared.
    pub const NOT_SOLD: Icon = Icon("M2.5 2.5h5l6 6-5 5-6-6zM5.2 5.2h.1M1.5 14.5l13-13");
    /// A funnel: the use of data narrowed.
    pub const FUNNEL: Icon = Icon("M2 2.5h12L9.5 8v5l-3 1.5V8z");

    /// The icon of a badge's framework.
    pub fn framework(framework: Framework) -> Self {
        match framework {
            Framework::Soc2Type1 | Framework::Soc2Type2 => Self::AUDIT,
            Framework::Iso27001 | Framework::Iso27701 => Self::SEAL,
            Framework::PciDss => Self::CARD,
            Framework::Fisma => Self::GOVERNMENT,
            Framework::Sox => Self::LEDGER,
            Framework::Hipaa => Self::HEALTH,
            Framework::Gdpr | Framework::Ccpa => Self::SHIELD_CHECK,
            Framework::Custom => Self::STAR,
        }
    }

    /// The icon of a practice category.
    pub fn practice(category: PracticeCategory) -> Self {
        match category {
            PracticeCategory::ProductSecurity => Self::SHIELD,
            PracticeCategory::DataSecurity => Self::DATA,
            PracticeCategory::Privacy => Self::LOCK,
            PracticeCategory::IncidentResponse => Self::ALERT,
            PracticeCategory::Availability => Self::PULSE,
            PracticeCategory::Organizational => Self::PEOPLE,
            PracticeCategory::BusinessContinuity => Self::RECOVER,
            PracticeCategory::Infrastructure => Self::SERVER,
            PracticeCategory::ThreatManagement => Self::TARGET,
            PracticeCategory::SecureDevelopment => Self::CODE,
        }
    }

    /// The icon of a document's access level.
    pub fn access(access: DocumentAccess) -> Self {
        match access {
            DocumentAccess::Public => Self::PAGE,
            DocumentAccess::OnRequest => Self::MAIL,
            DocumentAccess::Nda => Self::LOCK,
        }
    }

    /// The icon of a kind of privacy request.
    pub fn request(kind: RequestKind) -> Self {
        match kind {
            RequestKind::Access => Self::RECEIVE,
            RequestKind::Rectification | RequestKind::Correction => Self::PENCIL,
            RequestKind::Erasure | RequestKind::Deletion => Self::BIN,
            RequestKind::Restriction => Self::PAUSE,
            RequestKind::Portability => Self::EXPORT,
            RequestKind::Objection => Self::HAND,
            RequestKind::OptOutSaleSharing => Self::NOT_SOLD,
            RequestKind::LimitSensitive => Self::FUNNEL,
        }
    }

    /// The outline, for a test or a place that draws it itself.
    pub fn path(self) -> &'static str {
        self.0
    }
}

/// `icon` as inline SVG, hidden from assistive technology (the words beside it say it).
pub fn icon(icon: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d=icon.0></path>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Path data of absolute and relative moves, lines, curves and arcs, with numbers
    /// inside the 16-unit grid: nothing a renderer could read as anything else.
    #[test]
    fn every_icon_is_plain_path_data_on_its_grid() {
        let mut all = Vec::new();
        all.extend(Framework::ALL.iter().map(|f| Icon::framework(*f)));
        all.extend(PracticeCategory::ALL.iter().map(|c| Icon::practice(*c)));
        all.extend(DocumentAccess::ALL.iter().map(|a| Icon::access(*a)));
        all.extend(RequestKind::ALL.iter().map(|k| Icon::request(*k)));
        for icon in all {
            let path = icon.path();
            assert!(path.starts_with('M'), "{path}");
            assert!(
                path.chars()
                    .all(|c| "MmLlHhVvCcSsAaZz0123456789.- ".contains(c)),
                "{path}"
            );
            for number in path
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .flat_map(|s| s.split('-'))
                .filter(|s| !s.is_empty())
            {
                for part in number.split('.').filter(|s| !s.is_empty()) {
                    let value: f32 = part.parse().unwrap();
                    assert!(value <= 16.0, "{number} in {path}");
                }
            }
        }
    }
}
