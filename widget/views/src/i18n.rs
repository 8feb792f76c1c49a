//! The trust center's own words in English, German, French, Spanish, Dutch and Italian. The
//! organisation's content is shown as written; only the widget's labels are translated.

pub use crate::lang::Lang;
use attest_core::{BadgeStatus, DocumentAccess, Frequency, PracticeCategory, RoadmapStatus};

/// The subprocessor table's columns: name, purpose, location.
pub const SUBPROCESSOR_COLUMNS: usize = 3;

/// The widget's words in a language.
pub trait LangStrings {
    fn strings(self) -> &'static Strings;
}

impl LangStrings for Lang {
    fn strings(self) -> &'static Strings {
        match self {
            Self::En => &EN,
            Self::De => &DE,
            Self::Fr => &FR,
            Self::Es => &ES,
            Self::Nl => &NL,
            Self::It => &IT,
        }
    }
}

/// The words the widget's app says itself, around what the edge renders: while a trust
/// center loads, when it cannot be shown, and on the launcher. Kept apart from `Strings`
/// so that the app carries these and not every label of every view.
pub struct Shell {
    pub trust_center: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub no_org: &'static str,
    pub bad_org: &'static str,
    pub unknown_org: &'static str,
    pub unreachable: &'static str,
    pub close: &'static str,
}

/// The app's own words in `lang`.
pub fn shell(lang: Lang) -> &'static Shell {
    match lang {
        Lang::En => &SHELL_EN,
        Lang::De => &SHELL_DE,
        Lang::Fr => &SHELL_FR,
        Lang::Es => &SHELL_ES,
        Lang::Nl => &SHELL_NL,
        Lang::It => &SHELL_IT,
    }
}

/// The language of the trust center being rendered.
pub fn strings() -> &'static Strings {
    crate::lang::current().strings()
}

/// Every label the widget shows, in one language. Labels with `{}` take a value:
/// `Strings::fill` for text, `Strings::count` for a number.
pub struct Strings {
    /// The language's tag, for formatting numbers.
    pub tag: &'static str,
    pub trust_center: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub no_org: &'static str,
    pub bad_org: &'static str,
    pub unknown_org: &'static str,
    pub unreachable: &'static str,
    pub sections: &'static str,
    pub views: [&'static str; crate::View::ALL.len()],
    pub certifications: &'static str,
    pub no_badges: &'static str,
    pub statuses: [&'static str; BadgeStatus::ALL.len()],
    pub inherited_from: &'static str,
    pub commitments: &'static str,
    pub breach_within: &'static str,
    pub acknowledged_within: &'static str,
    pub disclosure_after: &'static str,
    pub backups: &'static str,
    pub training: &'static str,
    pub frequencies: [&'static str; Frequency::ALL.len()],
    pub last_updated: &'static str,
    pub filter_practices: &'static str,
    pub no_practice: &'static str,
    pub tools: &'static str,
    pub categories: [&'static str; PracticeCategory::ALL.len()],
    pub filter_subprocessors: &'static str,
    pub location: &'static str,
    pub all_locations: &'static str,
    pub columns: [&'static str; SUBPROCESSOR_COLUMNS],
    pub shown: &'static str,
    pub download_csv: &'static str,
    pub follow_changes: &'static str,
    pub subscribe_by_email: &'static str,
    pub request_document: &'static str,
    pub your_request: &'static str,
    pub download: &'static str,
    pub no_documents: &'static str,
    pub access: [&'static str; DocumentAccess::ALL.len()],
    pub resources: &'static str,
    /// Said after a link that opens in a new tab.
    pub new_tab: &'static str,
    pub no_faqs: &'static str,
    pub topic: &'static str,
    pub all_topics: &'static str,
    pub roadmap: &'static str,
    pub roadmap_statuses: [&'static str; RoadmapStatus::ALL.len()],
    pub target: &'static str,
    pub collected: &'static str,
    pub purposes: &'static str,
    pub manage: &'static str,
    pub request_entry: &'static str,
    /// The heading of the requests a visitor may make, before the form.
    pub your_rights: &'static str,
    /// Where a form would be, on a page read without JavaScript.
    pub form_needs_script: &'static str,
    pub reports_acknowledged: &'static str,
    pub we_ask: &'static str,
    pub we_commit: &'static str,
    pub please_include: &'static str,
    pub contact: &'static str,
    pub close: &'static str,
}

impl Strings {
    /// `template` with its `{}` replaced by `value`.
    pub fn fill(template: &str, value: &str) -> String {
        crate::lang::fill(template, value)
    }

    /// `template` with its `{}` replaced by `n` written the language's way.
    pub fn count(&self, template: &str, n: usize) -> String {
        let lang = Lang::from_tag(self.tag).unwrap_or(Lang::En);
        crate::lang::count(lang, template, n)
    }

    pub fn status(&self, status: BadgeStatus) -> &'static str {
        self.statuses[status.index()]
    }

    pub fn frequency(&self, frequency: Frequency) -> &'static str {
        self.frequencies[frequency.index()]
    }

    pub fn category(&self, category: PracticeCategory) -> &'static str {
        self.categories[category.index()]
    }

    pub fn access_level(&self, access: DocumentAccess) -> &'static str {
        self.access[access.index()]
    }
}

static EN: Strings = Strings {
    tag: "en",
    trust_center: SHELL_EN.trust_center,
    loading: SHELL_EN.loading,
    retry: SHELL_EN.retry,
    no_org: SHELL_EN.no_org,
    bad_org: SHELL_EN.bad_org,
    unknown_org: SHELL_EN.unknown_org,
    unreachable: SHELL_EN.unreachable,
    sections: "Trust center sections",
    views: ["Overview", "Security practices", "Subprocessors", "Documents", "FAQ", "Privacy", "Report a vulnerability"],
    certifications: "Certifications and compliance",
    no_badges: "No certifications are listed yet.",
    statuses: ["Compliant", "In progress", "Planned"],
    inherited_from: "Inherited from {}",
    commitments: "Commitments",
    breach_within: "Breach notification within {} h",
    acknowledged_within: "Vulnerability reports acknowledged within {} h",
    disclosure_after: "Coordinated disclosure after {} days",
    backups: "Backups",
    training: "Security training",
    frequencies: ["continuous", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly"],
    last_updated: "Last updated",
    filter_practices: "Filter practices",
    no_practice: "No practice matches the filter.",
    tools: "Tools",
    categories: [
        "Product security", "Data security", "Privacy", "Incident response", "Availability & reliability",
        "Organizational security", "Business continuity", "Infrastructure", "Threat management", "Secure development",
    ],
    filter_subprocessors: "Filter subprocessors",
    location: "Location",
    all_locations: "All locations",
    columns: ["Name", "Purpose", "Location"],
    shown: "{} shown",
    download_csv: "Download CSV",
    follow_changes: "Follow changes (Atom feed)",
    subscribe_by_email: "Get e-mail about changes",
    request_document: "Request access",
    your_request: "Your request",
    download: "Download",
    no_documents: "No documents are listed.",
    access: ["Public", "On request", "Under NDA"],
    resources: "Resources",
    new_tab: " (opens in a new tab)",
    no_faqs: "No questions are answered here yet.",
    topic: "Topic",
    all_topics: "All topics",
    roadmap: "Roadmap",
    roadmap_statuses: ["Planned", "In progress", "Done"],
    target: "Target: {}",
    collected: "What is collected",
    purposes: "What it is used for",
    manage: "Managing or deleting your data",
    request_entry: "You can ask for a copy of your data, or for its correction or deletion. Requests are answered within the legal deadline.",
    your_rights: "What you can ask for",
    form_needs_script: "This form needs JavaScript: turn it on for this page to use it.",
    reports_acknowledged: "Reports are acknowledged within {} hours.",
    we_ask: "We ask researchers to",
    we_commit: "We commit to",
    please_include: "Please include",
    contact: "Contact",
    close: SHELL_EN.close,
};

static DE: Strings = Strings {
    tag: "de",
    trust_center: SHELL_DE.trust_center,
    loading: SHELL_DE.loading,
    retry: SHELL_DE.retry,
    no_org: SHELL_DE.no_org,
    bad_org: SHELL_DE.bad_org,
    unknown_org: SHELL_DE.unknown_org,
    unreachable: SHELL_DE.unreachable,
    sections: "Bereiche des Trust Centers",
    views: ["Überblick", "Sicherheitsmaßnahmen", "Unterauftragsverarbeiter", "Dokumente", "FAQ", "Datenschutz", "Schwachstelle melden"],
    certifications: "Zertifizierungen und Compliance",
    no_badges: "Noch keine Zertifizierungen aufgeführt.",
    statuses: ["Erfüllt", "In Arbeit", "Geplant"],
    inherited_from: "Übernommen von {}",
    commitments: "Zusagen",
    breach_within: "Meldung von Datenschutzverletzungen innerhalb von {} Std.",
    acknowledged_within: "Bestätigung von Schwachstellenmeldungen innerhalb von {} Std.",
    disclosure_after: "Koordinierte Offenlegung nach {} Tagen",
    backups: "Datensicherung",
    training: "Sicherheitsschulung",
    frequencies: ["kontinuierlich", "stündlich", "täglich", "wöchentlich", "monatlich", "vierteljährlich", "jährlich"],
    last_updated: "Zuletzt aktualisiert",
    filter_practices: "Maßnahmen filtern",
    no_practice: "Keine Maßnahme entspricht dem Filter.",
    tools: "Werkzeuge",
    categories: [
        "Produktsicherheit", "Datensicherheit", "Datenschutz", "Vorfallreaktion", "Verfügbarkeit & Zuverlässigkeit",
        "Organisatorische Sicherheit", "Geschäftskontinuität", "Infrastruktur", "Bedrohungsmanagement", "Sichere Entwicklung",
    ],
    filter_subprocessors: "Unterauftragsverarbeiter filtern",
    location: "Standort",
    all_locations: "Alle Standorte",
    columns: ["Name", "Zweck", "Standort"],
    shown: "{} angezeigt",
    download_csv: "CSV herunterladen",
    follow_changes: "Änderungen verfolgen (Atom-Feed)",
    subscribe_by_email: "Änderungen per E-Mail erhalten",
    request_document: "Zugang anfragen",
    your_request: "Ihre Anfrage",
    download: "Herunterladen",
    no_documents: "Keine Dokumente aufgeführt.",
    access: ["Öffentlich", "Auf Anfrage", "Unter NDA"],
    resources: "Weitere Informationen",
    new_tab: " (öffnet in einem neuen Tab)",
    no_faqs: "Hier sind noch keine Fragen beantwortet.",
    topic: "Thema",
    all_topics: "Alle Themen",
    roadmap: "Roadmap",
    roadmap_statuses: ["Geplant", "In Arbeit", "Erledigt"],
    target: "Ziel: {}",
    collected: "Was erhoben wird",
    purposes: "Wofür es verwendet wird",
    manage: "Ihre Daten verwalten oder löschen",
    request_entry: "Sie können eine Kopie Ihrer Daten oder deren Berichtigung oder Löschung verlangen. Anfragen werden innerhalb der gesetzlichen Frist beantwortet.",
    your_rights: "Was Sie verlangen können",
    form_needs_script: "Dieses Formular braucht JavaScript: Schalten Sie es für diese Seite ein, um es zu nutzen.",
    reports_acknowledged: "Meldungen werden innerhalb von {} Stunden bestätigt.",
    we_ask: "Wir bitten Forschende,",
    we_commit: "Wir verpflichten uns,",
    please_include: "Bitte angeben",
    contact: "Kontakt",
    close: SHELL_DE.close,
};

static FR: Strings = Strings {
    tag: "fr",
    trust_center: SHELL_FR.trust_center,
    loading: SHELL_FR.loading,
    retry: SHELL_FR.retry,
    no_org: SHELL_FR.no_org,
    bad_org: SHELL_FR.bad_org,
    unknown_org: SHELL_FR.unknown_org,
    unreachable: SHELL_FR.unreachable,
    sections: "Rubriques du centre de confiance",
    views: ["Aperçu", "Pratiques de sécurité", "Sous-traitants", "Documents", "FAQ", "Confidentialité", "Signaler une vulnérabilité"],
    certifications: "Certifications et conformité",
    no_badges: "Aucune certification n’est encore indiquée.",
    statuses: ["Conforme", "En cours", "Prévu"],
    inherited_from: "Hérité de {}",
    commitments: "Engagements",
    breach_within: "Notification des violations sous {} h",
    acknowledged_within: "Accusé de réception des signalements sous {} h",
    disclosure_after: "Divulgation coordonnée après {} jours",
    backups: "Sauvegardes",
    training: "Formation à la sécurité",
    frequencies: ["en continu", "toutes les heures", "quotidiennes", "hebdomadaires", "mensuelles", "trimestrielles", "annuelles"],
    last_updated: "Dernière mise à jour",
    filter_practices: "Filtrer les pratiques",
    no_practice: "Aucune pratique ne correspond au filtre.",
    tools: "Outils",
    categories: [
        "Sécurité du produit", "Sécurité des données", "Confidentialité", "Réponse aux incidents", "Disponibilité et fiabilité",
        "Sécurité organisationnelle", "Continuité d’activité", "Infrastructure", "Gestion des menaces", "Développement sécurisé",
    ],
    filter_subprocessors: "Filtrer les sous-traitants",
    location: "Localisation",
    all_locations: "Toutes les localisations",
    columns: ["Nom", "Finalité", "Localisation"],
    shown: "{} affichés",
    download_csv: "Télécharger le CSV",
    follow_changes: "Suivre les changements (flux Atom)",
    subscribe_by_email: "Recevoir les changements par e-mail",
    request_document: "Demander l’accès",
    your_request: "Votre demande",
    download: "Télécharger",
    no_documents: "Aucun document n’est indiqué.",
    access: ["Public", "Sur demande", "Sous NDA"],
    resources: "Ressources",
    new_tab: " (s’ouvre dans un nouvel onglet)",
    no_faqs: "Aucune question n’a encore de réponse ici.",
    topic: "Thème",
    all_topics: "Tous les thèmes",
    roadmap: "Feuille de route",
    roadmap_statuses: ["Prévu", "En cours", "Terminé"],
    target: "Échéance\u{a0}: {}",
    collected: "Données collectées",
    purposes: "Utilisation des données",
    manage: "Gérer ou supprimer vos données",
    request_entry: "Vous pouvez demander une copie de vos données, leur rectification ou leur effacement. Les demandes reçoivent une réponse dans le délai légal.",
    your_rights: "Ce que vous pouvez demander",
    form_needs_script: "Ce formulaire a besoin de JavaScript : activez-le pour cette page pour l'utiliser.",
    reports_acknowledged: "Les signalements reçoivent un accusé de réception sous {} heures.",
    we_ask: "Nous demandons aux chercheurs de",
    we_commit: "Nous nous engageons à",
    please_include: "Merci d’indiquer",
    contact: "Contact",
    close: SHELL_FR.close,
};

static ES: Strings = Strings {
    tag: "es",
    trust_center: SHELL_ES.trust_center,
    loading: SHELL_ES.loading,
    retry: SHELL_ES.retry,
    no_org: SHELL_ES.no_org,
    bad_org: SHELL_ES.bad_org,
    unknown_org: SHELL_ES.unknown_org,
    unreachable: SHELL_ES.unreachable,
    sections: "Secciones del centro de confianza",
    views: ["Resumen", "Prácticas de seguridad", "Subencargados", "Documentos", "Preguntas frecuentes", "Privacidad", "Informar de una vulnerabilidad"],
    certifications: "Certificaciones y cumplimiento",
    no_badges: "Todavía no hay certificaciones.",
    statuses: ["Cumple", "En curso", "Previsto"],
    inherited_from: "Heredado de {}",
    commitments: "Compromisos",
    breach_within: "Notificación de brechas en {} h",
    acknowledged_within: "Acuse de recibo de vulnerabilidades en {} h",
    disclosure_after: "Divulgación coordinada tras {} días",
    backups: "Copias de seguridad",
    training: "Formación en seguridad",
    frequencies: ["continuas", "cada hora", "diarias", "semanales", "mensuales", "trimestrales", "anuales"],
    last_updated: "Última actualización",
    filter_practices: "Filtrar prácticas",
    no_practice: "Ninguna práctica coincide con el filtro.",
    tools: "Herramientas",
    categories: [
        "Seguridad del producto", "Seguridad de los datos", "Privacidad", "Respuesta a incidentes", "Disponibilidad y fiabilidad",
        "Seguridad organizativa", "Continuidad del negocio", "Infraestructura", "Gestión de amenazas", "Desarrollo seguro",
    ],
    filter_subprocessors: "Filtrar subencargados",
    location: "Ubicación",
    all_locations: "Todas las ubicaciones",
    columns: ["Nombre", "Finalidad", "Ubicación"],
    shown: "{} mostrados",
    download_csv: "Descargar CSV",
    follow_changes: "Seguir los cambios (feed Atom)",
    subscribe_by_email: "Recibir los cambios por correo",
    request_document: "Solicitar acceso",
    your_request: "Su solicitud",
    download: "Descargar",
    no_documents: "No hay documentos.",
    access: ["Público", "Bajo petición", "Con NDA"],
    resources: "Recursos",
    new_tab: " (se abre en una pestaña nueva)",
    no_faqs: "Aún no hay preguntas respondidas aquí.",
    topic: "Tema",
    all_topics: "Todos los temas",
    roadmap: "Hoja de ruta",
    roadmap_statuses: ["Previsto", "En curso", "Completado"],
    target: "Objetivo: {}",
    collected: "Qué se recoge",
    purposes: "Para qué se usa",
    manage: "Gestionar o eliminar sus datos",
    request_entry: "Puede pedir una copia de sus datos, o su rectificación o supresión. Las solicitudes se responden dentro del plazo legal.",
    your_rights: "Lo que puede pedir",
    form_needs_script: "Este formulario necesita JavaScript: actívelo en esta página para usarlo.",
    reports_acknowledged: "Los informes reciben acuse de recibo en {} horas.",
    we_ask: "Pedimos a los investigadores que",
    we_commit: "Nos comprometemos a",
    please_include: "Incluya",
    contact: "Contacto",
    close: SHELL_ES.close,
};

static NL: Strings = Strings {
    tag: "nl",
    trust_center: SHELL_NL.trust_center,
    loading: SHELL_NL.loading,
    retry: SHELL_NL.retry,
    no_org: SHELL_NL.no_org,
    bad_org: SHELL_NL.bad_org,
    unknown_org: SHELL_NL.unknown_org,
    unreachable: SHELL_NL.unreachable,
    sections: "Onderdelen van het trustcenter",
    views: ["Overzicht", "Beveiligingsmaatregelen", "Subverwerkers", "Documenten", "Veelgestelde vragen", "Privacy", "Kwetsbaarheid melden"],
    certifications: "Certificeringen en compliance",
    no_badges: "Nog geen certificeringen vermeld.",
    statuses: ["Voldoet", "In behandeling", "Gepland"],
    inherited_from: "Overgenomen van {}",
    commitments: "Toezeggingen",
    breach_within: "Melding van datalekken binnen {} uur",
    acknowledged_within: "Bevestiging van kwetsbaarheidsmeldingen binnen {} uur",
    disclosure_after: "Gecoördineerde openbaarmaking na {} dagen",
    backups: "Back-ups",
    training: "Beveiligingstraining",
    frequencies: ["continu", "elk uur", "dagelijks", "wekelijks", "maandelijks", "per kwartaal", "jaarlijks"],
    last_updated: "Laatst bijgewerkt",
    filter_practices: "Maatregelen filteren",
    no_practice: "Geen maatregel komt overeen met het filter.",
    tools: "Hulpmiddelen",
    categories: [
        "Productbeveiliging", "Gegevensbeveiliging", "Privacy", "Incidentrespons", "Beschikbaarheid & betrouwbaarheid",
        "Organisatorische beveiliging", "Bedrijfscontinuïteit", "Infrastructuur", "Dreigingsbeheer", "Veilige ontwikkeling",
    ],
    filter_subprocessors: "Subverwerkers filteren",
    location: "Locatie",
    all_locations: "Alle locaties",
    columns: ["Naam", "Doel", "Locatie"],
    shown: "{} getoond",
    download_csv: "CSV downloaden",
    follow_changes: "Wijzigingen volgen (Atom-feed)",
    subscribe_by_email: "Wijzigingen per e-mail ontvangen",
    request_document: "Toegang vragen",
    your_request: "Uw aanvraag",
    download: "Downloaden",
    no_documents: "Geen documenten vermeld.",
    access: ["Openbaar", "Op aanvraag", "Onder NDA"],
    resources: "Meer informatie",
    new_tab: " (opent in een nieuw tabblad)",
    no_faqs: "Hier zijn nog geen vragen beantwoord.",
    topic: "Onderwerp",
    all_topics: "Alle onderwerpen",
    roadmap: "Roadmap",
    roadmap_statuses: ["Gepland", "In behandeling", "Klaar"],
    target: "Doel: {}",
    collected: "Wat wordt verzameld",
    purposes: "Waarvoor het wordt gebruikt",
    manage: "Uw gegevens beheren of verwijderen",
    request_entry: "U kunt om een kopie van uw gegevens vragen, of om correctie of verwijdering. Verzoeken worden binnen de wettelijke termijn beantwoord.",
    your_rights: "Waar u om kunt vragen",
    form_needs_script: "Dit formulier heeft JavaScript nodig: zet het aan voor deze pagina om het te gebruiken.",
    reports_acknowledged: "Meldingen worden binnen {} uur bevestigd.",
    we_ask: "We vragen onderzoekers om",
    we_commit: "Wij zeggen toe",
    please_include: "Vermeld",
    contact: "Contact",
    close: SHELL_NL.close,
};

static IT: Strings = Strings {
    tag: "it",
    trust_center: SHELL_IT.trust_center,
    loading: SHELL_IT.loading,
    retry: SHELL_IT.retry,
    no_org: SHELL_IT.no_org,
    bad_org: SHELL_IT.bad_org,
    unknown_org: SHELL_IT.unknown_org,
    unreachable: SHELL_IT.unreachable,
    sections: "Sezioni del trust center",
    views: ["Panoramica", "Misure di sicurezza", "Sub-responsabili", "Documenti", "Domande frequenti", "Privacy", "Segnala una vulnerabilità"],
    certifications: "Certificazioni e conformità",
    no_badges: "Nessuna certificazione ancora elencata.",
    statuses: ["Conforme", "In corso", "Pianificato"],
    inherited_from: "Ereditato da {}",
    commitments: "Impegni",
    breach_within: "Notifica delle violazioni entro {} h",
    acknowledged_within: "Conferma delle segnalazioni di vulnerabilità entro {} h",
    disclosure_after: "Divulgazione coordinata dopo {} giorni",
    backups: "Backup",
    training: "Formazione sulla sicurezza",
    frequencies: ["continui", "orari", "giornalieri", "settimanali", "mensili", "trimestrali", "annuali"],
    last_updated: "Ultimo aggiornamento",
    filter_practices: "Filtra le misure",
    no_practice: "Nessuna misura corrisponde al filtro.",
    tools: "Strumenti",
    categories: [
        "Sicurezza del prodotto", "Sicurezza dei dati", "Privacy", "Risposta agli incidenti", "Disponibilità e affidabilità",
        "Sicurezza organizzativa", "Continuità operativa", "Infrastruttura", "Gestione delle minacce", "Sviluppo sicuro",
    ],
    filter_subprocessors: "Filtra i sub-responsabili",
    location: "Sede",
    all_locations: "Tutte le sedi",
    columns: ["Nome", "Finalità", "Sede"],
    shown: "{} mostrati",
    download_csv: "Scarica CSV",
    follow_changes: "Segui le modifiche (feed Atom)",
    subscribe_by_email: "Ricevere le modifiche via e-mail",
    request_document: "Richiedi l’accesso",
    your_request: "La tua richiesta",
    download: "Scarica",
    no_documents: "Nessun documento elencato.",
    access: ["Pubblico", "Su richiesta", "Con NDA"],
    resources: "Risorse",
    new_tab: " (si apre in una nuova scheda)",
    no_faqs: "Qui non ci sono ancora domande con risposta.",
    topic: "Argomento",
    all_topics: "Tutti gli argomenti",
    roadmap: "Roadmap",
    roadmap_statuses: ["Pianificato", "In corso", "Completato"],
    target: "Obiettivo: {}",
    collected: "Cosa viene raccolto",
    purposes: "Per cosa viene usato",
    manage: "Gestire o cancellare i tuoi dati",
    request_entry: "Puoi chiedere una copia dei tuoi dati, la loro rettifica o cancellazione. Le richieste ricevono risposta entro il termine di legge.",
    your_rights: "Cosa puoi chiedere",
    form_needs_script: "Questo modulo richiede JavaScript: attivalo per questa pagina per usarlo.",
    reports_acknowledged: "Le segnalazioni vengono confermate entro {} ore.",
    we_ask: "Chiediamo ai ricercatori di",
    we_commit: "Ci impegniamo a",
    please_include: "Includi",
    contact: "Contatto",
    close: SHELL_IT.close,
};

const SHELL_EN: Shell = Shell {
    trust_center: "Trust center",
    loading: "Loading trust center…",
    retry: "Try again",
    no_org: "This page did not say which organisation's trust center to show.",
    bad_org: "“{}” is not a valid organisation name.",
    unknown_org: "No trust center is published for “{}”.",
    unreachable: "The trust center could not be loaded. Check your connection and try again.",
    close: "Close",
};

const SHELL_DE: Shell = Shell {
    trust_center: "Trust Center",
    loading: "Trust Center wird geladen …",
    retry: "Erneut versuchen",
    no_org: "Diese Seite gibt nicht an, welches Trust Center gezeigt werden soll.",
    bad_org: "„{}“ ist kein gültiger Organisationsname.",
    unknown_org: "Für „{}“ ist kein Trust Center veröffentlicht.",
    unreachable: "Das Trust Center konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    close: "Schließen",
};

const SHELL_FR: Shell = Shell {
    trust_center: "Centre de confiance",
    loading: "Chargement du centre de confiance…",
    retry: "Réessayer",
    no_org: "Cette page n’indique pas quel centre de confiance afficher.",
    bad_org: "« {} » n’est pas un nom d’organisation valide.",
    unknown_org: "Aucun centre de confiance n’est publié pour « {} ».",
    unreachable:
        "Le centre de confiance n’a pas pu être chargé. Vérifiez votre connexion et réessayez.",
    close: "Fermer",
};

const SHELL_ES: Shell = Shell {
    trust_center: "Centro de confianza",
    loading: "Cargando el centro de confianza…",
    retry: "Reintentar",
    no_org: "Esta página no indica qué centro de confianza mostrar.",
    bad_org: "«{}» no es un nombre de organización válido.",
    unknown_org: "No hay ningún centro de confianza publicado para «{}».",
    unreachable:
        "No se pudo cargar el centro de confianza. Compruebe su conexión e inténtelo de nuevo.",
    close: "Cerrar",
};

const SHELL_NL: Shell = Shell {
    trust_center: "Trustcenter",
    loading: "Trustcenter laden…",
    retry: "Opnieuw proberen",
    no_org: "Deze pagina geeft niet aan welk trustcenter getoond moet worden.",
    bad_org: "‘{}’ is geen geldige organisatienaam.",
    unknown_org: "Er is geen trustcenter gepubliceerd voor ‘{}’.",
    unreachable:
        "Het trustcenter kon niet worden geladen. Controleer uw verbinding en probeer het opnieuw.",
    close: "Sluiten",
};

const SHELL_IT: Shell = Shell {
    trust_center: "Trust center",
    loading: "Caricamento del trust center…",
    retry: "Riprova",
    no_org: "Questa pagina non indica quale trust center mostrare.",
    bad_org: "«{}» non è un nome di organizzazione valido.",
    unknown_org: "Nessun trust center pubblicato per «{}».",
    unreachable: "Impossibile caricare il trust center. Controlla la connessione e riprova.",
    close: "Chiudi",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_choose_by_their_primary_subtag() {
        assert_eq!(Lang::from_tag("de-CH"), Some(Lang::De));
        assert_eq!(Lang::from_tag("FR_ca"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("pt-BR"), None);
    }

    #[test]
    fn enum_indexed_tables_follow_the_enums_order() {
        assert_eq!(EN.status(BadgeStatus::InProgress), "In progress");
        assert_eq!(EN.frequency(Frequency::Daily), "daily");
        assert_eq!(
            EN.category(PracticeCategory::SecureDevelopment),
            "Secure development"
        );
        assert_eq!(EN.access_level(DocumentAccess::Nda), "Under NDA");
        for (category, title) in PracticeCategory::ALL.iter().zip(EN.categories) {
            assert_eq!(category.title(), title);
        }
    }
}
