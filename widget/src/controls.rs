//! The controls of the edge's views, run in the browser: the subprocessor table's filter,
//! location and sorting, the practices' filter and the FAQ's topic. Each narrows or
//! orders the elements the edge rendered, kept here in their first order, and says how
//! many are shown in the status the edge put beside them (`data-template`).

use attest_views::lang::{count, Lang};
use attest_views::text::{lowercase, matches, needle};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, Node};

/// A list's elements in the order the edge rendered them.
struct Kept {
    list: Element,
    items: Vec<Element>,
}

impl Kept {
    fn of(list: Element, selector: &str) -> Self {
        let items = all(&list, selector);
        Self { list, items }
    }

    /// Shows `items` (and `after`), in that order, and nothing else.
    fn show<'a>(&self, items: impl IntoIterator<Item = &'a Element>, after: Option<&Element>) {
        let shown = js_sys::Array::new();
        for item in items {
            shown.push(item);
        }
        if let Some(after) = after {
            shown.push(after);
        }
        self.list.replace_children_with_node(&shown);
    }
}

/// A practice category with what always shows in it (its heading and introduction) and
/// its practices.
struct Section {
    element: Element,
    fixed: Vec<Node>,
    practices: Vec<Element>,
}

/// The lists of the view in a panel, as the edge rendered them.
pub struct Lists {
    lang: Lang,
    rows: Option<Kept>,
    sections: Option<(Kept, Vec<Section>)>,
    faqs: Option<Kept>,
}

impl Lists {
    pub fn of(panel: &Element, lang: Lang) -> Self {
        let rows = find(panel, "[data-testid=subprocessor-table] tbody")
            .map(|tbody| Kept::of(tbody, "[data-testid=subprocessor]"));
        let sections = find(panel, ".practice-list").map(|list| {
            let sections = all(&list, "[data-testid=practice-section]")
                .into_iter()
                .map(|element| {
                    let children = element.child_nodes();
                    let (mut fixed, mut practices) = (Vec::new(), Vec::new());
                    for i in 0..children.length() {
                        let Some(child) = children.get(i) else {
                            continue;
                        };
                        match child.dyn_into::<Element>() {
                            Ok(e)
                                if e.get_attribute("data-testid").as_deref()
                                    == Some("practice") =>
                            {
                                practices.push(e)
                            }
                            Ok(e) => fixed.push(e.into()),
                            Err(node) => fixed.push(node),
                        }
                    }
                    Section {
                        element,
                        fixed,
                        practices,
                    }
                })
                .collect();
            (Kept::of(list, "[data-testid=practice-section]"), sections)
        });
        let faqs = find(panel, ".faq-list").map(|list| Kept::of(list, "[data-testid=faq]"));
        Self {
            lang,
            rows,
            sections,
            faqs,
        }
    }

    /// Runs the control an `input` or `change` event came from, if it is one.
    pub fn changed(&self, panel: &Element, control: &Element) {
        match control.get_attribute("data-testid").as_deref() {
            Some("subprocessors-filter" | "location-filter") => self.subprocessors(panel),
            Some("practices-filter") => self.practices(panel),
            Some("faq-topic") => self.faq(panel),
            _ => {}
        }
    }

    /// A column's sort button was pressed: ascending, then descending.
    pub fn sort(&self, panel: &Element, button: &Element) {
        let Some(header) = button.closest("th").ok().flatten() else {
            return;
        };
        let ascending = header.get_attribute("aria-sort").as_deref() != Some("ascending");
        for th in all(panel, "th[aria-sort]") {
            let state = if th == header {
                if ascending {
                    "ascending"
                } else {
                    "descending"
                }
            } else {
                "none"
            };
            let _ = th.set_attribute("aria-sort", state);
        }
        self.subprocessors(panel);
    }

    /// The subprocessor rows that match the filter and the location, in the order chosen.
    fn subprocessors(&self, panel: &Element) {
        let Some(rows) = &self.rows else { return };
        let needle = needle(&value(panel, "subprocessors-filter"));
        let place = value(panel, "location-filter");
        let mut shown: Vec<(&Element, Vec<Option<String>>)> = rows
            .items
            .iter()
            .map(|row| (row, cells(row)))
            .filter(|(_, cells)| {
                let location = cells.get(2).cloned().flatten();
                matches(&needle, cells.iter().flatten().map(String::as_str))
                    && (place.is_empty() || location.as_deref() == Some(place.as_str()))
            })
            .collect();
        let headers = all(panel, "th[aria-sort]");
        let sorted = headers.iter().enumerate().find_map(|(column, th)| {
            match th.get_attribute("aria-sort").as_deref() {
                Some("ascending") => Some((column, true)),
                Some("descending") => Some((column, false)),
                _ => None,
            }
        });
        if let Some((column, ascending)) = sorted {
            shown.sort_by_cached_key(|(_, cells)| {
                lowercase(
                    cells
                        .get(column)
                        .cloned()
                        .flatten()
                        .as_deref()
                        .unwrap_or(""),
                )
            });
            if !ascending {
                shown.reverse();
            }
        }
        rows.show(shown.iter().map(|(row, _)| *row), None);
        self.say(panel, "subprocessor-count", shown.len());
    }

    /// The practices that match the filter, in their categories, opened while it filters.
    fn practices(&self, panel: &Element) {
        let Some((list, sections)) = &self.sections else {
            return;
        };
        let needle = needle(&value(panel, "practices-filter"));
        let mut shown = Vec::new();
        for section in sections {
            let heading = find(&section.element, "summary")
                .and_then(|s| s.text_content())
                .unwrap_or_default();
            let in_heading = matches(&needle, [heading.as_str()]);
            let practices: Vec<&Element> = section
                .practices
                .iter()
                .filter(|p| {
                    in_heading
                        || matches(
                            &needle,
                            [p.get_attribute("data-search").unwrap_or_default().as_str()],
                        )
                })
                .collect();
            if !needle.is_empty() && practices.is_empty() {
                continue;
            }
            let children = js_sys::Array::new();
            for node in &section.fixed {
                children.push(node);
            }
            for practice in practices {
                children.push(practice);
            }
            section.element.replace_children_with_node(&children);
            let _ = if needle.is_empty() {
                section.element.remove_attribute("open")
            } else {
                section.element.set_attribute("open", "")
            };
            shown.push(section.element.clone());
        }
        let none = find(panel, "[data-testid=practices-none]");
        if let Some(none) = &none {
            let _ = if shown.is_empty() {
                none.remove_attribute("hidden")
            } else {
                none.set_attribute("hidden", "")
            };
        }
        list.show(&shown, none.as_ref());
    }

    /// The questions of the topic chosen.
    fn faq(&self, panel: &Element) {
        let Some(faqs) = &self.faqs else { return };
        let topic = value(panel, "faq-topic");
        let shown: Vec<&Element> = faqs
            .items
            .iter()
            .filter(|faq| {
                topic.is_empty()
                    || find(faq, "[data-testid=faq-topic-name]")
                        .and_then(|t| t.text_content())
                        .is_some_and(|t| t == topic)
            })
            .collect();
        faqs.show(shown.iter().copied(), None);
        self.say(panel, "faq-count", shown.len());
    }

    /// "`n` shown" in the status `testid`, in the trust center's language.
    fn say(&self, panel: &Element, testid: &str, n: usize) {
        if let Some(status) = find(panel, &format!("[data-testid={testid}]")) {
            let template = status.get_attribute("data-template").unwrap_or_default();
            status.set_text_content(Some(&count(self.lang, &template, n)));
        }
    }
}

/// A row's cells, `None` for one that says there is nothing (`data-none`).
fn cells(row: &Element) -> Vec<Option<String>> {
    let cells = row.children();
    (0..cells.length())
        .filter_map(|i| cells.item(i))
        .map(|cell| {
            (!cell.has_attribute("data-none")).then(|| cell.text_content().unwrap_or_default())
        })
        .collect()
}

/// The value of the field or choice `testid` in `panel`; empty when there is none.
fn value(panel: &Element, testid: &str) -> String {
    let Some(field) = find(panel, &format!("[data-testid={testid}]")) else {
        return String::new();
    };
    match field.dyn_into::<HtmlInputElement>() {
        Ok(input) => input.value(),
        Err(field) => field
            .dyn_into::<HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default(),
    }
}

pub fn find(within: &Element, selector: &str) -> Option<Element> {
    within.query_selector(selector).ok().flatten()
}

pub fn all(within: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = within.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into::<Element>().ok())
        .collect()
}
