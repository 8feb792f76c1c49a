//! The trust center's views, in the widget's order, and which of them a page asked for.

use attest_core::TrustProfile;

/// One view of the trust center.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    Practices,
    Subprocessors,
    Documents,
    Faq,
    Privacy,
    Report,
}

attest_core::every_variant!(View {
    Overview,
    Practices,
    Subprocessors,
    Documents,
    Faq,
    Privacy,
    Report
});

impl View {
    /// The name in URLs, events and `data-testid`s.
    pub fn key(self) -> &'static str {
        match self {
            Self::Overview => "overview",
            Self::Practices => "practices",
            Self::Subprocessors => "subprocessors",
            Self::Documents => "documents",
            Self::Faq => "faq",
            Self::Privacy => "privacy",
            Self::Report => "report",
        }
    }

    /// The `data-sections` names that select this view (`badges` is the overview).
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            Self::Overview => &["badges", "overview"],
            Self::Practices => &["practices"],
            Self::Subprocessors => &["subprocessors"],
            Self::Documents => &["documents"],
            Self::Faq => &["faq"],
            Self::Privacy => &["privacy"],
            Self::Report => &["report"],
        }
    }

    /// The tab's label in the language of the view being rendered.
    pub fn label(self) -> &'static str {
        crate::i18n::strings().views[self.index()]
    }

    /// The views named by a `sections` list (`badges,practices,…`), in the widget's
    /// order; unknown names are ignored, and a list naming none of them means all.
    pub fn chosen(sections: Option<&str>) -> Vec<View> {
        let Some(sections) = sections else {
            return View::ALL.to_vec();
        };
        let wanted: Vec<String> = sections
            .split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .collect();
        let chosen: Vec<View> = View::ALL
            .into_iter()
            .filter(|view| {
                view.sections()
                    .iter()
                    .any(|s| wanted.iter().any(|w| w == s))
            })
            .collect();
        if chosen.is_empty() {
            View::ALL.to_vec()
        } else {
            chosen
        }
    }

    /// Of `views`, those this profile has something for: the FAQ tab only where there
    /// are questions, unless it is the one view asked for.
    pub fn offered(views: &[View], profile: &TrustProfile) -> Vec<View> {
        views
            .iter()
            .copied()
            .filter(|v| *v != View::Faq || !profile.faqs.is_empty() || views.len() == 1)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_choose_views_in_the_widgets_order() {
        assert_eq!(
            View::chosen(Some("report, badges")),
            [View::Overview, View::Report]
        );
        assert_eq!(View::chosen(Some("Subprocessors")), [View::Subprocessors]);
    }

    #[test]
    fn no_or_unknown_sections_mean_all_views() {
        assert_eq!(View::chosen(None), View::ALL);
        assert_eq!(View::chosen(Some("nonsense")), View::ALL);
    }
}
