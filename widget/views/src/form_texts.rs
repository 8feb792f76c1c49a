//! The words of the widget's forms (privacy requests, vulnerability reports, document
//! requests, subscriptions) in its six languages. The edge hands the forms module the
//! words of one language (`Texts::to_json`, with the view that has a form), so the module
//! carries none of them (`Texts::from_json`). Labels with `{}` take a value through
//! `lang::fill`.

use attest_core::json::Json;
use attest_core::privacy::{Jurisdiction, RequestStatus};
use attest_core::RequestKind;

use crate::lang::Lang;

/// The forms' words in `lang`.
pub fn texts_for(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
        Lang::Fr => &FR,
        Lang::Es => &ES,
        Lang::Nl => &NL,
        Lang::It => &IT,
    }
}

/// `Texts`, with its JSON form both ways: each field a text (`str`) or a list of them
/// (`[length]`).
macro_rules! texts {
    ($( $(#[$meta:meta])* $field:ident: $kind:tt, )*) => {
        /// Every word the forms show, in one language.
        pub struct Texts {
            $( $(#[$meta])* pub $field: texts!(@type $kind), )*
        }

        impl Texts {
            /// As a JSON object, for the forms module.
            pub fn to_json(&self) -> String {
                let mut out = String::from("{");
                $(
                    if out.len() > 1 {
                        out.push(',');
                    }
                    write_text(&mut out, stringify!($field));
                    out.push(':');
                    texts!(@write out, self.$field, $kind);
                )*
                out.push('}');
                out
            }

            /// Read back from `to_json`'s JSON; the words are kept for the page's
            /// lifetime (one language's, once). `None` when one is missing.
            ///
            /// One loop over a table of the fields reads them all (`read_all`); each
            /// field then only takes its words in order, so the forms module carries
            /// a few bytes per field rather than a lookup of its own.
            pub fn from_json(json: &Json) -> Option<Self> {
                const FIELDS: &[(&str, usize)] = &[$( (stringify!($field), texts!(@count $kind)), )*];
                const WORDS: usize = 0 $( + texts!(@length $kind) )*;
                let words = read_all(json, FIELDS)?;
                let words: &[&'static str; WORDS] = words.as_slice().try_into().ok()?;
                // The fields take their words in order (a struct's fields are
                // initialised in the order they are written).
                let mut at = 0;
                Some(Self {
                    $( $field: texts!(@take words, at, $kind), )*
                })
            }
        }
    };
    (@type str) => { &'static str };
    (@type [$n:expr]) => { [&'static str; $n] };
    (@write $out:ident, $value:expr, str) => { write_text(&mut $out, $value) };
    (@write $out:ident, $value:expr, [$n:expr]) => { write_list(&mut $out, &$value) };
    (@count str) => { 0 };
    (@count [$n:expr]) => { $n };
    (@length str) => { 1 };
    (@length [$n:expr]) => { $n };
    (@take $words:ident, $at:ident, str) => {{
        $at += 1;
        $words[$at - 1]
    }};
    (@take $words:ident, $at:ident, [$n:expr]) => {{
        let mut list = [""; $n];
        list.copy_from_slice(&$words[$at..$at + $n]);
        $at += $n;
        list
    }};
}

texts! {
    loading: str,
    request_heading: str,
    not_offered: str,
    gpc_notice: str,
    gpc_action: str,
    /// By `Jurisdiction` (gdpr, uk_gdpr, ccpa, other).
    laws: [Jurisdiction::ALL.len()],
    /// By `RequestKind`, in its declaration order.
    kinds: [RequestKind::ALL.len()],
    kind_help: [RequestKind::ALL.len()],
    law: str,
    request_kind: str,
    your_name: str,
    your_email: str,
    details: str,
    details_help: str,
    consent: str,
    send_request: str,
    fix_errors: str,
    sending: str,
    send_failed: str,
    rate_limited: str,
    required: str,
    too_long: str,
    invalid_email: str,
    consent_needed: str,
    kind_not_offered: str,
    law_not_offered: str,
    code_heading: str,
    code_sent: str,
    code: str,
    code_format: str,
    confirm: str,
    new_code: str,
    new_code_sent: str,
    wait_for_code: str,
    wrong_code: str,
    code_locked: str,
    /// By `RequestStatus`, in its declaration order.
    request_statuses: [RequestStatus::ALL.len()],
    status_heading: str,
    status_label: str,
    received: str,
    due_by: str,
    history: str,
    keep_reference: str,
    check_heading: str,
    your_requests: str,
    reference: str,
    reference_help: str,
    reference_format: str,
    check: str,
    check_unknown: str,
    report_heading: str,
    report_title: str,
    report_description: str,
    report_steps: str,
    report_impact: str,
    report_email: str,
    report_credit: str,
    send_report: str,
    report_sent: str,
    subscribe_heading: str,
    subscribe_help: str,
    subscribe: str,
    subscribed: str,
    document_heading: str,
    company: str,
    nda_heading: str,
    nda_accept: str,
    nda_download: str,
    nda_needed: str,
    nda_changed: str,
    document_requested: str,
    document_waiting: str,
    document_approved_now: str,
    document_denied_now: str,
    your_request: [3],
    access_ended: str,
    access_withdrawn: str,
    nda_remembered: str,
}

fn write_text(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_list(out: &mut String, texts: &[&str]) {
    out.push('[');
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_text(out, text);
    }
    out.push(']');
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

/// The words of every field in `fields` (name, and 0 for a text or the length of a
/// list), in order; `None` when one is missing or a list has another length.
fn read_all(json: &Json, fields: &[(&str, usize)]) -> Option<Vec<&'static str>> {
    let text = |value: &Json| match value {
        Json::String(text) => Some(leak(text)),
        _ => None,
    };
    let mut words = Vec::new();
    for &(name, length) in fields {
        match (json.get(name)?, length) {
            (value, 0) => words.push(text(value)?),
            (Json::Array(items), n) if items.len() == n => {
                for item in items {
                    words.push(text(item)?);
                }
            }
            _ => return None,
        }
    }
    Some(words)
}

pub static EN: Texts = Texts {
    loading: "Loading…",
    request_heading: "Make a privacy request",
    not_offered: "{} does not take privacy requests here. Please use the contact details in its privacy policy.",
    gpc_notice: "Your browser sends a Global Privacy Control signal. You can opt out of the sale and sharing of your personal data directly.",
    gpc_action: "Opt out of sale and sharing",
    laws: ["GDPR (European Union)", "UK GDPR (United Kingdom)", "CCPA (California)", "Another law"],
    kinds: [
        "Get a copy of my data", "Correct my data", "Erase my data", "Restrict the use of my data",
        "Get my data to take elsewhere", "Object to the use of my data", "Delete my data", "Correct my data",
        "Do not sell or share my data", "Limit the use of my sensitive data",
    ],
    kind_help: [
        "You receive the personal data held about you and how it is used.",
        "Inaccurate or incomplete data about you is corrected.",
        "Your personal data is erased, unless the law requires keeping it.",
        "Your data is kept but no longer used while a question about it is settled.",
        "You receive your data in a machine-readable format to give to another service.",
        "The use of your data for direct marketing or legitimate interests stops.",
        "Your personal data is deleted, unless the law requires keeping it.",
        "Inaccurate data about you is corrected.",
        "Your personal data is no longer sold or shared for advertising.",
        "Sensitive data about you is used only for what you asked for.",
    ],
    law: "Law",
    request_kind: "Request",
    your_name: "Your name",
    your_email: "Your e-mail address",
    details: "Details (optional)",
    details_help: "Anything that helps find your data, such as an account name or an order number.",
    consent: "I agree that {} uses the data I give here to answer my request.",
    send_request: "Send request",
    fix_errors: "Please correct the marked fields.",
    sending: "Sending…",
    send_failed: "The request could not be sent. Check your connection and try again.",
    rate_limited: "Too many requests from your connection. Please wait a minute and try again.",
    required: "Please fill this in.",
    too_long: "Please shorten this to at most {} characters.",
    invalid_email: "Please enter an e-mail address such as name@example.com.",
    consent_needed: "Please agree, so that your request can be answered.",
    kind_not_offered: "This law does not give that right. Please choose another request.",
    law_not_offered: "Requests under this law are not taken here.",
    code_heading: "Check your e-mail",
    code_sent: "We sent a 6-digit code to {}. Enter it here to confirm your request, or use the link in the e-mail.",
    code: "Code",
    code_format: "The code has 6 digits.",
    confirm: "Confirm",
    new_code: "Send a new code",
    new_code_sent: "A new code is on its way.",
    wait_for_code: "A code was sent less than a minute ago. Please wait a moment.",
    wrong_code: "That is not the code we sent.",
    code_locked: "This code no longer works. Please ask for a new one.",
    request_statuses: ["Waiting for confirmation", "Received", "In progress", "Completed", "Declined", "Expired"],
    status_heading: "Your request",
    status_label: "Status",
    received: "Received",
    due_by: "Answer due by",
    history: "History",
    keep_reference: "Keep this reference to check your request later:",
    check_heading: "Check a request",
    your_requests: "Requests made in this browser:",
    reference: "Reference",
    reference_help: "The reference you were shown when you made the request.",
    reference_format: "A reference looks like pr_….st_…",
    check: "Check",
    check_unknown: "No request matches this reference.",
    report_heading: "Report a vulnerability",
    report_title: "Title",
    report_description: "What did you find?",
    report_steps: "Steps to reproduce (optional)",
    report_impact: "Impact (optional)",
    report_email: "Your e-mail address (optional, for our reply)",
    report_credit: "Name to credit (optional)",
    send_report: "Send report",
    report_sent: "Thank you. Your report {} has arrived; we will acknowledge it by {}.",
    subscribe_heading: "Get e-mail about changes",
    subscribe_help: "We e-mail you whenever {} adds, removes or changes a subprocessor. You confirm your address first, and every e-mail has a link to unsubscribe.",
    subscribe: "Subscribe",
    subscribed: "Check your e-mail: follow the link in it to confirm your subscription.",
    document_heading: "Request “{}”",
    company: "Company",
    nda_heading: "Non-disclosure agreement",
    nda_accept: "I have read and accept the non-disclosure agreement (version {}).",
    nda_download: "Download the agreement",
    nda_needed: "Please accept the agreement to receive this document.",
    nda_changed: "The agreement has changed since this page loaded. Please reload the page and read the current one.",
    document_requested: "Thank you. Your request {} has arrived; you will hear from us by e-mail.",
    document_waiting: "Thank you. Your request {} has arrived. The document is not available yet: the team has been told, and you will hear from us by e-mail.",
    document_approved_now: "Your request {} is approved: the link to download the document is on its way to your e-mail.",
    document_denied_now: "Your request {} could not be approved; the e-mail we sent says why.",
    your_request: ["Your request {} is waiting for a decision.", "Your request {} was approved: the download link is in your e-mail and works until {}.", "Your request {} was declined. You can ask again below."],
    access_ended: "Your access ended on {}. Ask again below if you still need the document.",
    access_withdrawn: "Your access was withdrawn. Ask again below if you still need the document.",
    nda_remembered: "You accepted this agreement (version {}) in this browser within the last 12 months, with this e-mail address: it stands for this request.",
};

pub static DE: Texts = Texts {
    loading: "Wird geladen …",
    request_heading: "Datenschutzanfrage stellen",
    not_offered: "{} nimmt hier keine Datenschutzanfragen entgegen. Bitte nutzen Sie die Kontaktangaben in der Datenschutzerklärung.",
    gpc_notice: "Ihr Browser sendet ein Global-Privacy-Control-Signal. Sie können dem Verkauf und der Weitergabe Ihrer Daten direkt widersprechen.",
    gpc_action: "Verkauf und Weitergabe widersprechen",
    laws: ["DSGVO (Europäische Union)", "UK GDPR (Vereinigtes Königreich)", "CCPA (Kalifornien)", "Anderes Gesetz"],
    kinds: [
        "Kopie meiner Daten erhalten", "Meine Daten berichtigen", "Meine Daten löschen", "Verarbeitung meiner Daten einschränken",
        "Meine Daten zur Mitnahme erhalten", "Der Verarbeitung meiner Daten widersprechen", "Meine Daten löschen", "Meine Daten berichtigen",
        "Meine Daten nicht verkaufen oder weitergeben", "Nutzung meiner sensiblen Daten beschränken",
    ],
    kind_help: [
        "Sie erhalten die über Sie gespeicherten Daten und erfahren, wie sie verwendet werden.",
        "Unrichtige oder unvollständige Daten über Sie werden berichtigt.",
        "Ihre Daten werden gelöscht, sofern das Gesetz keine Aufbewahrung verlangt.",
        "Ihre Daten bleiben gespeichert, werden aber nicht mehr verwendet, bis eine Frage dazu geklärt ist.",
        "Sie erhalten Ihre Daten in einem maschinenlesbaren Format für einen anderen Dienst.",
        "Die Verwendung Ihrer Daten für Direktwerbung oder berechtigte Interessen endet.",
        "Ihre Daten werden gelöscht, sofern das Gesetz keine Aufbewahrung verlangt.",
        "Unrichtige Daten über Sie werden berichtigt.",
        "Ihre Daten werden nicht mehr verkauft oder für Werbung weitergegeben.",
        "Sensible Daten über Sie werden nur noch für das verwendet, worum Sie gebeten haben.",
    ],
    law: "Gesetz",
    request_kind: "Anfrage",
    your_name: "Ihr Name",
    your_email: "Ihre E-Mail-Adresse",
    details: "Details (optional)",
    details_help: "Alles, was hilft, Ihre Daten zu finden, etwa ein Kontoname oder eine Bestellnummer.",
    consent: "Ich bin einverstanden, dass {} die hier angegebenen Daten zur Beantwortung meiner Anfrage verwendet.",
    send_request: "Anfrage senden",
    fix_errors: "Bitte korrigieren Sie die markierten Felder.",
    sending: "Wird gesendet …",
    send_failed: "Die Anfrage konnte nicht gesendet werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    rate_limited: "Zu viele Anfragen von Ihrer Verbindung. Bitte warten Sie eine Minute und versuchen Sie es erneut.",
    required: "Bitte füllen Sie dieses Feld aus.",
    too_long: "Bitte kürzen Sie auf höchstens {} Zeichen.",
    invalid_email: "Bitte geben Sie eine E-Mail-Adresse wie name@example.com ein.",
    consent_needed: "Bitte stimmen Sie zu, damit Ihre Anfrage beantwortet werden kann.",
    kind_not_offered: "Dieses Gesetz gibt dieses Recht nicht. Bitte wählen Sie eine andere Anfrage.",
    law_not_offered: "Anfragen nach diesem Gesetz werden hier nicht entgegengenommen.",
    code_heading: "Prüfen Sie Ihre E-Mails",
    code_sent: "Wir haben einen 6-stelligen Code an {} gesendet. Geben Sie ihn hier ein, um Ihre Anfrage zu bestätigen, oder nutzen Sie den Link in der E-Mail.",
    code: "Code",
    code_format: "Der Code hat 6 Ziffern.",
    confirm: "Bestätigen",
    new_code: "Neuen Code senden",
    new_code_sent: "Ein neuer Code ist unterwegs.",
    wait_for_code: "Vor weniger als einer Minute wurde ein Code gesendet. Bitte warten Sie einen Moment.",
    wrong_code: "Das ist nicht der Code, den wir gesendet haben.",
    code_locked: "Dieser Code gilt nicht mehr. Bitte fordern Sie einen neuen an.",
    request_statuses: ["Wartet auf Bestätigung", "Eingegangen", "In Bearbeitung", "Erledigt", "Abgelehnt", "Abgelaufen"],
    status_heading: "Ihre Anfrage",
    status_label: "Status",
    received: "Eingegangen",
    due_by: "Antwort fällig bis",
    history: "Verlauf",
    keep_reference: "Bewahren Sie diese Referenz auf, um Ihre Anfrage später zu prüfen:",
    check_heading: "Anfrage prüfen",
    your_requests: "In diesem Browser gestellte Anfragen:",
    reference: "Referenz",
    reference_help: "Die Referenz, die Ihnen bei der Anfrage angezeigt wurde.",
    reference_format: "Eine Referenz sieht so aus: pr_….st_…",
    check: "Prüfen",
    check_unknown: "Keine Anfrage passt zu dieser Referenz.",
    report_heading: "Schwachstelle melden",
    report_title: "Titel",
    report_description: "Was haben Sie gefunden?",
    report_steps: "Schritte zum Nachvollziehen (optional)",
    report_impact: "Auswirkung (optional)",
    report_email: "Ihre E-Mail-Adresse (optional, für unsere Antwort)",
    report_credit: "Name für die Danksagung (optional)",
    send_report: "Meldung senden",
    report_sent: "Vielen Dank. Ihre Meldung {} ist eingegangen; wir bestätigen sie bis {}.",
    subscribe_heading: "Per E-Mail über Änderungen informiert werden",
    subscribe_help: "Wir schreiben Ihnen, sobald {} einen Unterauftragsverarbeiter hinzufügt, entfernt oder ändert. Sie bestätigen zuerst Ihre Adresse, und jede E-Mail enthält einen Link zum Abbestellen.",
    subscribe: "Abonnieren",
    subscribed: "Bitte prüfen Sie Ihre E-Mails: Bestätigen Sie das Abonnement über den Link darin.",
    document_heading: "„{}“ anfordern",
    company: "Unternehmen",
    nda_heading: "Geheimhaltungsvereinbarung",
    nda_accept: "Ich habe die Geheimhaltungsvereinbarung (Version {}) gelesen und akzeptiere sie.",
    nda_download: "Vereinbarung herunterladen",
    nda_needed: "Bitte akzeptieren Sie die Vereinbarung, um dieses Dokument zu erhalten.",
    nda_changed: "Die Vereinbarung hat sich geändert, seit diese Seite geladen wurde. Bitte laden Sie die Seite neu und lesen Sie die aktuelle Fassung.",
    document_requested: "Vielen Dank. Ihre Anfrage {} ist eingegangen; Sie hören per E-Mail von uns.",
    document_waiting: "Vielen Dank. Ihre Anfrage {} ist eingegangen. Das Dokument ist noch nicht verfügbar: das Team ist informiert, und Sie hören per E-Mail von uns.",
    document_approved_now: "Ihre Anfrage {} ist freigegeben: der Link zum Herunterladen ist per E-Mail unterwegs.",
    document_denied_now: "Ihre Anfrage {} konnte nicht freigegeben werden; die E-Mail nennt den Grund.",
    your_request: ["Ihre Anfrage {} wartet auf eine Entscheidung.", "Ihre Anfrage {} wurde freigegeben: der Link zum Herunterladen steht in Ihrer E-Mail und gilt bis {}.", "Ihre Anfrage {} wurde abgelehnt. Sie können unten erneut anfragen."],
    access_ended: "Ihr Zugang endete am {}. Fragen Sie unten erneut an, wenn Sie das Dokument noch brauchen.",
    access_withdrawn: "Ihr Zugang wurde widerrufen. Fragen Sie unten erneut an, wenn Sie das Dokument noch brauchen.",
    nda_remembered: "Sie haben diese Vereinbarung (Version {}) in diesem Browser in den letzten 12 Monaten mit dieser E-Mail-Adresse akzeptiert: das gilt für diese Anfrage.",
};

pub static FR: Texts = Texts {
    loading: "Chargement…",
    request_heading: "Faire une demande relative à vos données",
    not_offered: "{} ne reçoit pas de demandes ici. Veuillez utiliser les coordonnées indiquées dans sa politique de confidentialité.",
    gpc_notice: "Votre navigateur envoie un signal Global Privacy Control. Vous pouvez vous opposer directement à la vente et au partage de vos données.",
    gpc_action: "M’opposer à la vente et au partage",
    laws: ["RGPD (Union européenne)", "UK GDPR (Royaume-Uni)", "CCPA (Californie)", "Autre loi"],
    kinds: [
        "Obtenir une copie de mes données", "Rectifier mes données", "Effacer mes données", "Limiter l’utilisation de mes données",
        "Récupérer mes données pour les transférer", "M’opposer à l’utilisation de mes données", "Supprimer mes données", "Corriger mes données",
        "Ne pas vendre ni partager mes données", "Limiter l’utilisation de mes données sensibles",
    ],
    kind_help: [
        "Vous recevez les données vous concernant et savez comment elles sont utilisées.",
        "Les données inexactes ou incomplètes vous concernant sont rectifiées.",
        "Vos données sont effacées, sauf si la loi impose de les conserver.",
        "Vos données sont conservées mais plus utilisées tant qu’une question à leur sujet est en cours.",
        "Vous recevez vos données dans un format lisible par machine pour un autre service.",
        "L’utilisation de vos données à des fins de prospection ou d’intérêt légitime cesse.",
        "Vos données sont supprimées, sauf si la loi impose de les conserver.",
        "Les données inexactes vous concernant sont corrigées.",
        "Vos données ne sont plus vendues ni partagées à des fins publicitaires.",
        "Vos données sensibles ne servent plus qu’à ce que vous avez demandé.",
    ],
    law: "Loi",
    request_kind: "Demande",
    your_name: "Votre nom",
    your_email: "Votre adresse e-mail",
    details: "Précisions (facultatif)",
    details_help: "Tout ce qui aide à retrouver vos données, comme un nom de compte ou un numéro de commande.",
    consent: "J’accepte que {} utilise les données fournies ici pour répondre à ma demande.",
    send_request: "Envoyer la demande",
    fix_errors: "Veuillez corriger les champs signalés.",
    sending: "Envoi…",
    send_failed: "La demande n’a pas pu être envoyée. Vérifiez votre connexion et réessayez.",
    rate_limited: "Trop de demandes depuis votre connexion. Veuillez patienter une minute et réessayer.",
    required: "Veuillez remplir ce champ.",
    too_long: "Veuillez raccourcir à {} caractères au plus.",
    invalid_email: "Veuillez saisir une adresse e-mail comme nom@example.com.",
    consent_needed: "Veuillez donner votre accord pour que votre demande puisse être traitée.",
    kind_not_offered: "Cette loi ne donne pas ce droit. Veuillez choisir une autre demande.",
    law_not_offered: "Les demandes fondées sur cette loi ne sont pas reçues ici.",
    code_heading: "Consultez vos e-mails",
    code_sent: "Nous avons envoyé un code à 6 chiffres à {}. Saisissez-le ici pour confirmer votre demande, ou utilisez le lien de l’e-mail.",
    code: "Code",
    code_format: "Le code comporte 6 chiffres.",
    confirm: "Confirmer",
    new_code: "Envoyer un nouveau code",
    new_code_sent: "Un nouveau code est en route.",
    wait_for_code: "Un code a été envoyé il y a moins d’une minute. Veuillez patienter un instant.",
    wrong_code: "Ce n’est pas le code que nous avons envoyé.",
    code_locked: "Ce code n’est plus valable. Veuillez en demander un nouveau.",
    request_statuses: ["En attente de confirmation", "Reçue", "En cours", "Traitée", "Refusée", "Expirée"],
    status_heading: "Votre demande",
    status_label: "État",
    received: "Reçue le",
    due_by: "Réponse due le",
    history: "Historique",
    keep_reference: "Conservez cette référence pour suivre votre demande plus tard :",
    check_heading: "Suivre une demande",
    your_requests: "Demandes faites depuis ce navigateur :",
    reference: "Référence",
    reference_help: "La référence affichée lorsque vous avez fait la demande.",
    reference_format: "Une référence ressemble à pr_….st_…",
    check: "Vérifier",
    check_unknown: "Aucune demande ne correspond à cette référence.",
    report_heading: "Signaler une vulnérabilité",
    report_title: "Titre",
    report_description: "Qu’avez-vous trouvé ?",
    report_steps: "Étapes pour reproduire (facultatif)",
    report_impact: "Impact (facultatif)",
    report_email: "Votre adresse e-mail (facultatif, pour notre réponse)",
    report_credit: "Nom à remercier (facultatif)",
    send_report: "Envoyer le signalement",
    report_sent: "Merci. Votre signalement {} est bien arrivé ; nous en accuserons réception d’ici le {}.",
    subscribe_heading: "Recevoir les changements par e-mail",
    subscribe_help: "Nous vous écrivons chaque fois que {} ajoute, retire ou modifie un sous-traitant. Vous confirmez d’abord votre adresse, et chaque e-mail contient un lien de désinscription.",
    subscribe: "S’abonner",
    subscribed: "Consultez vos e-mails : suivez le lien reçu pour confirmer votre abonnement.",
    document_heading: "Demander « {} »",
    company: "Entreprise",
    nda_heading: "Accord de confidentialité",
    nda_accept: "J’ai lu et j’accepte l’accord de confidentialité (version {}).",
    nda_download: "Télécharger l’accord",
    nda_needed: "Veuillez accepter l’accord pour recevoir ce document.",
    nda_changed: "L’accord a changé depuis le chargement de cette page. Veuillez recharger la page et lire la version actuelle.",
    document_requested: "Merci. Votre demande {} est arrivée ; nous vous répondrons par e-mail.",
    document_waiting: "Merci. Votre demande {} est arrivée. Le document n’est pas encore disponible : l’équipe est prévenue et nous vous répondrons par e-mail.",
    document_approved_now: "Votre demande {} est approuvée : le lien de téléchargement part vers votre e-mail.",
    document_denied_now: "Votre demande {} n’a pas pu être approuvée ; l’e-mail envoyé en donne la raison.",
    your_request: ["Votre demande {} attend une décision.", "Votre demande {} a été approuvée : le lien de téléchargement est dans votre e-mail et fonctionne jusqu’au {}.", "Votre demande {} a été refusée. Vous pouvez redemander ci-dessous."],
    access_ended: "Votre accès a pris fin le {}. Redemandez ci-dessous si vous avez encore besoin du document.",
    access_withdrawn: "Votre accès a été retiré. Redemandez ci-dessous si vous avez encore besoin du document.",
    nda_remembered: "Vous avez accepté cet accord (version {}) dans ce navigateur au cours des 12 derniers mois, avec cette adresse e-mail : cela vaut pour cette demande.",
};

pub static ES: Texts = Texts {
    loading: "Cargando…",
    request_heading: "Hacer una solicitud sobre tus datos",
    not_offered: "{} no recibe solicitudes aquí. Usa los datos de contacto de su política de privacidad.",
    gpc_notice: "Tu navegador envía una señal de Global Privacy Control. Puedes oponerte directamente a la venta y al intercambio de tus datos.",
    gpc_action: "Oponerme a la venta y al intercambio",
    laws: ["RGPD (Unión Europea)", "UK GDPR (Reino Unido)", "CCPA (California)", "Otra ley"],
    kinds: [
        "Obtener una copia de mis datos", "Rectificar mis datos", "Suprimir mis datos", "Limitar el uso de mis datos",
        "Obtener mis datos para llevarlos a otro servicio", "Oponerme al uso de mis datos", "Eliminar mis datos", "Corregir mis datos",
        "No vender ni compartir mis datos", "Limitar el uso de mis datos sensibles",
    ],
    kind_help: [
        "Recibes los datos que se guardan sobre ti y cómo se usan.",
        "Se rectifican los datos inexactos o incompletos sobre ti.",
        "Se suprimen tus datos, salvo que la ley obligue a conservarlos.",
        "Tus datos se conservan pero no se usan mientras se aclara una cuestión sobre ellos.",
        "Recibes tus datos en un formato legible por máquina para otro servicio.",
        "Deja de usarse tus datos para mercadotecnia directa o intereses legítimos.",
        "Se eliminan tus datos, salvo que la ley obligue a conservarlos.",
        "Se corrigen los datos inexactos sobre ti.",
        "Tus datos dejan de venderse o compartirse con fines publicitarios.",
        "Tus datos sensibles solo se usan para lo que pediste.",
    ],
    law: "Ley",
    request_kind: "Solicitud",
    your_name: "Tu nombre",
    your_email: "Tu dirección de correo electrónico",
    details: "Detalles (opcional)",
    details_help: "Cualquier cosa que ayude a encontrar tus datos, como un nombre de cuenta o un número de pedido.",
    consent: "Acepto que {} use los datos que doy aquí para responder a mi solicitud.",
    send_request: "Enviar solicitud",
    fix_errors: "Corrige los campos marcados.",
    sending: "Enviando…",
    send_failed: "No se pudo enviar la solicitud. Comprueba tu conexión e inténtalo de nuevo.",
    rate_limited: "Demasiadas solicitudes desde tu conexión. Espera un minuto e inténtalo de nuevo.",
    required: "Rellena este campo.",
    too_long: "Acórtalo a {} caracteres como máximo.",
    invalid_email: "Escribe una dirección de correo como nombre@example.com.",
    consent_needed: "Acepta para que podamos responder a tu solicitud.",
    kind_not_offered: "Esta ley no otorga ese derecho. Elige otra solicitud.",
    law_not_offered: "Aquí no se reciben solicitudes según esta ley.",
    code_heading: "Revisa tu correo",
    code_sent: "Hemos enviado un código de 6 cifras a {}. Escríbelo aquí para confirmar tu solicitud, o usa el enlace del correo.",
    code: "Código",
    code_format: "El código tiene 6 cifras.",
    confirm: "Confirmar",
    new_code: "Enviar un código nuevo",
    new_code_sent: "Un código nuevo va de camino.",
    wait_for_code: "Se envió un código hace menos de un minuto. Espera un momento.",
    wrong_code: "Ese no es el código que enviamos.",
    code_locked: "Este código ya no sirve. Pide uno nuevo.",
    request_statuses: ["Pendiente de confirmación", "Recibida", "En curso", "Completada", "Denegada", "Caducada"],
    status_heading: "Tu solicitud",
    status_label: "Estado",
    received: "Recibida",
    due_by: "Respuesta a más tardar",
    history: "Historial",
    keep_reference: "Guarda esta referencia para consultar tu solicitud más tarde:",
    check_heading: "Consultar una solicitud",
    your_requests: "Solicitudes hechas en este navegador:",
    reference: "Referencia",
    reference_help: "La referencia que se te mostró al hacer la solicitud.",
    reference_format: "Una referencia tiene la forma pr_….st_…",
    check: "Consultar",
    check_unknown: "Ninguna solicitud coincide con esta referencia.",
    report_heading: "Informar de una vulnerabilidad",
    report_title: "Título",
    report_description: "¿Qué encontraste?",
    report_steps: "Pasos para reproducirlo (opcional)",
    report_impact: "Impacto (opcional)",
    report_email: "Tu correo electrónico (opcional, para responderte)",
    report_credit: "Nombre para el agradecimiento (opcional)",
    send_report: "Enviar informe",
    report_sent: "Gracias. Tu informe {} ha llegado; acusaremos recibo antes del {}.",
    subscribe_heading: "Recibir los cambios por correo",
    subscribe_help: "Le escribimos cada vez que {} añade, retira o modifica un subencargado. Primero confirma su dirección, y cada correo incluye un enlace para darse de baja.",
    subscribe: "Suscribirse",
    subscribed: "Revise su correo: siga el enlace para confirmar la suscripción.",
    document_heading: "Solicitar «{}»",
    company: "Empresa",
    nda_heading: "Acuerdo de confidencialidad",
    nda_accept: "He leído y acepto el acuerdo de confidencialidad (versión {}).",
    nda_download: "Descargar el acuerdo",
    nda_needed: "Acepte el acuerdo para recibir este documento.",
    nda_changed: "El acuerdo ha cambiado desde que se cargó esta página. Vuelva a cargarla y lea la versión vigente.",
    document_requested: "Gracias. Su solicitud {} ha llegado; le responderemos por correo.",
    document_waiting: "Gracias. Su solicitud {} ha llegado. El documento aún no está disponible: el equipo está avisado y le responderemos por correo.",
    document_approved_now: "Su solicitud {} está aprobada: el enlace de descarga va camino de su correo.",
    document_denied_now: "Su solicitud {} no se ha podido aprobar; el correo que enviamos explica por qué.",
    your_request: ["Su solicitud {} espera una decisión.", "Su solicitud {} fue aprobada: el enlace de descarga está en su correo y funciona hasta el {}.", "Su solicitud {} fue denegada. Puede volver a pedirlo abajo."],
    access_ended: "Su acceso terminó el {}. Vuelva a pedirlo abajo si aún necesita el documento.",
    access_withdrawn: "Su acceso fue retirado. Vuelva a pedirlo abajo si aún necesita el documento.",
    nda_remembered: "Aceptó este acuerdo (versión {}) en este navegador en los últimos 12 meses, con esta dirección de correo: vale para esta solicitud.",
};

pub static NL: Texts = Texts {
    loading: "Bezig met laden…",
    request_heading: "Een privacyverzoek indienen",
    not_offered: "{} neemt hier geen privacyverzoeken aan. Gebruik de contactgegevens in de privacyverklaring.",
    gpc_notice: "Uw browser stuurt een Global Privacy Control-signaal. U kunt direct bezwaar maken tegen de verkoop en het delen van uw gegevens.",
    gpc_action: "Bezwaar tegen verkoop en delen",
    laws: ["AVG (Europese Unie)", "UK GDPR (Verenigd Koninkrijk)", "CCPA (Californië)", "Andere wet"],
    kinds: [
        "Een kopie van mijn gegevens", "Mijn gegevens rectificeren", "Mijn gegevens wissen", "Het gebruik van mijn gegevens beperken",
        "Mijn gegevens meenemen", "Bezwaar maken tegen het gebruik van mijn gegevens", "Mijn gegevens verwijderen", "Mijn gegevens corrigeren",
        "Mijn gegevens niet verkopen of delen", "Het gebruik van mijn gevoelige gegevens beperken",
    ],
    kind_help: [
        "U ontvangt de gegevens die over u zijn opgeslagen en hoe ze worden gebruikt.",
        "Onjuiste of onvolledige gegevens over u worden gerectificeerd.",
        "Uw gegevens worden gewist, tenzij de wet bewaren verplicht.",
        "Uw gegevens blijven bewaard maar worden niet gebruikt zolang een vraag erover loopt.",
        "U ontvangt uw gegevens in een machineleesbaar formaat voor een andere dienst.",
        "Het gebruik van uw gegevens voor direct marketing of gerechtvaardigde belangen stopt.",
        "Uw gegevens worden verwijderd, tenzij de wet bewaren verplicht.",
        "Onjuiste gegevens over u worden gecorrigeerd.",
        "Uw gegevens worden niet meer verkocht of gedeeld voor advertenties.",
        "Gevoelige gegevens over u worden alleen nog gebruikt waarvoor u vroeg.",
    ],
    law: "Wet",
    request_kind: "Verzoek",
    your_name: "Uw naam",
    your_email: "Uw e-mailadres",
    details: "Toelichting (optioneel)",
    details_help: "Alles wat helpt uw gegevens te vinden, zoals een accountnaam of een bestelnummer.",
    consent: "Ik ga ermee akkoord dat {} de gegevens die ik hier geef gebruikt om mijn verzoek te beantwoorden.",
    send_request: "Verzoek versturen",
    fix_errors: "Verbeter de gemarkeerde velden.",
    sending: "Bezig met versturen…",
    send_failed: "Het verzoek kon niet worden verstuurd. Controleer uw verbinding en probeer het opnieuw.",
    rate_limited: "Te veel verzoeken vanaf uw verbinding. Wacht een minuut en probeer het opnieuw.",
    required: "Vul dit veld in.",
    too_long: "Kort dit in tot hoogstens {} tekens.",
    invalid_email: "Vul een e-mailadres in zoals naam@example.com.",
    consent_needed: "Ga akkoord, zodat uw verzoek kan worden beantwoord.",
    kind_not_offered: "Deze wet geeft dat recht niet. Kies een ander verzoek.",
    law_not_offered: "Verzoeken onder deze wet worden hier niet aangenomen.",
    code_heading: "Bekijk uw e-mail",
    code_sent: "We hebben een code van 6 cijfers naar {} gestuurd. Vul die hier in om uw verzoek te bevestigen, of gebruik de link in de e-mail.",
    code: "Code",
    code_format: "De code heeft 6 cijfers.",
    confirm: "Bevestigen",
    new_code: "Nieuwe code sturen",
    new_code_sent: "Er is een nieuwe code onderweg.",
    wait_for_code: "Minder dan een minuut geleden is een code verstuurd. Wacht even.",
    wrong_code: "Dat is niet de code die we hebben gestuurd.",
    code_locked: "Deze code werkt niet meer. Vraag een nieuwe aan.",
    request_statuses: ["Wacht op bevestiging", "Ontvangen", "In behandeling", "Afgerond", "Afgewezen", "Verlopen"],
    status_heading: "Uw verzoek",
    status_label: "Status",
    received: "Ontvangen",
    due_by: "Antwoord uiterlijk",
    history: "Geschiedenis",
    keep_reference: "Bewaar deze referentie om uw verzoek later te bekijken:",
    check_heading: "Een verzoek bekijken",
    your_requests: "Verzoeken vanuit deze browser:",
    reference: "Referentie",
    reference_help: "De referentie die u zag toen u het verzoek indiende.",
    reference_format: "Een referentie ziet eruit als pr_….st_…",
    check: "Bekijken",
    check_unknown: "Geen verzoek past bij deze referentie.",
    report_heading: "Een kwetsbaarheid melden",
    report_title: "Titel",
    report_description: "Wat heeft u gevonden?",
    report_steps: "Stappen om het te reproduceren (optioneel)",
    report_impact: "Impact (optioneel)",
    report_email: "Uw e-mailadres (optioneel, voor ons antwoord)",
    report_credit: "Naam voor de vermelding (optioneel)",
    send_report: "Melding versturen",
    report_sent: "Dank u. Uw melding {} is ontvangen; we bevestigen haar uiterlijk {}.",
    subscribe_heading: "Wijzigingen per e-mail ontvangen",
    subscribe_help: "We mailen u zodra {} een subverwerker toevoegt, verwijdert of wijzigt. U bevestigt eerst uw adres, en elke e-mail bevat een link om u af te melden.",
    subscribe: "Abonneren",
    subscribed: "Kijk in uw e-mail: volg de link om uw abonnement te bevestigen.",
    document_heading: "“{}” aanvragen",
    company: "Bedrijf",
    nda_heading: "Geheimhoudingsovereenkomst",
    nda_accept: "Ik heb de geheimhoudingsovereenkomst (versie {}) gelezen en ga ermee akkoord.",
    nda_download: "Overeenkomst downloaden",
    nda_needed: "Ga akkoord met de overeenkomst om dit document te ontvangen.",
    nda_changed: "De overeenkomst is gewijzigd sinds deze pagina is geladen. Laad de pagina opnieuw en lees de huidige versie.",
    document_requested: "Dank u. Uw aanvraag {} is binnen; u hoort per e-mail van ons.",
    document_waiting: "Dank u. Uw aanvraag {} is binnen. Het document is nog niet beschikbaar: het team is ingelicht en u hoort per e-mail van ons.",
    document_approved_now: "Uw aanvraag {} is goedgekeurd: de downloadlink is onderweg naar uw e-mail.",
    document_denied_now: "Uw aanvraag {} kon niet worden goedgekeurd; de e-mail die we stuurden zegt waarom.",
    your_request: ["Uw aanvraag {} wacht op een beslissing.", "Uw aanvraag {} is goedgekeurd: de downloadlink staat in uw e-mail en werkt tot {}.", "Uw aanvraag {} is afgewezen. U kunt het hieronder opnieuw vragen."],
    access_ended: "Uw toegang eindigde op {}. Vraag hieronder opnieuw als u het document nog nodig hebt.",
    access_withdrawn: "Uw toegang is ingetrokken. Vraag hieronder opnieuw als u het document nog nodig hebt.",
    nda_remembered: "U hebt deze overeenkomst (versie {}) in deze browser in de afgelopen 12 maanden met dit e-mailadres aanvaard: dat geldt voor deze aanvraag.",
};

pub static IT: Texts = Texts {
    loading: "Caricamento…",
    request_heading: "Fare una richiesta sui tuoi dati",
    not_offered: "{} non riceve richieste qui. Usa i recapiti indicati nella sua informativa sulla privacy.",
    gpc_notice: "Il tuo browser invia un segnale Global Privacy Control. Puoi opporti direttamente alla vendita e alla condivisione dei tuoi dati.",
    gpc_action: "Opponiti a vendita e condivisione",
    laws: ["GDPR (Unione europea)", "UK GDPR (Regno Unito)", "CCPA (California)", "Altra legge"],
    kinds: [
        "Ricevere una copia dei miei dati", "Rettificare i miei dati", "Cancellare i miei dati", "Limitare l’uso dei miei dati",
        "Ricevere i miei dati per portarli altrove", "Oppormi all’uso dei miei dati", "Eliminare i miei dati", "Correggere i miei dati",
        "Non vendere né condividere i miei dati", "Limitare l’uso dei miei dati sensibili",
    ],
    kind_help: [
        "Ricevi i dati conservati su di te e come vengono usati.",
        "I dati inesatti o incompleti che ti riguardano vengono rettificati.",
        "I tuoi dati vengono cancellati, salvo obblighi di legge di conservarli.",
        "I tuoi dati restano conservati ma non vengono usati finché una questione che li riguarda è aperta.",
        "Ricevi i tuoi dati in un formato leggibile da macchina per un altro servizio.",
        "L’uso dei tuoi dati per marketing diretto o interessi legittimi cessa.",
        "I tuoi dati vengono eliminati, salvo obblighi di legge di conservarli.",
        "I dati inesatti che ti riguardano vengono corretti.",
        "I tuoi dati non vengono più venduti né condivisi per la pubblicità.",
        "I tuoi dati sensibili vengono usati solo per ciò che hai chiesto.",
    ],
    law: "Legge",
    request_kind: "Richiesta",
    your_name: "Il tuo nome",
    your_email: "Il tuo indirizzo e-mail",
    details: "Dettagli (facoltativo)",
    details_help: "Tutto ciò che aiuta a trovare i tuoi dati, come un nome utente o un numero d’ordine.",
    consent: "Accetto che {} usi i dati che fornisco qui per rispondere alla mia richiesta.",
    send_request: "Invia richiesta",
    fix_errors: "Correggi i campi segnalati.",
    sending: "Invio in corso…",
    send_failed: "Non è stato possibile inviare la richiesta. Controlla la connessione e riprova.",
    rate_limited: "Troppe richieste dalla tua connessione. Attendi un minuto e riprova.",
    required: "Compila questo campo.",
    too_long: "Accorcia a non più di {} caratteri.",
    invalid_email: "Inserisci un indirizzo e-mail come nome@example.com.",
    consent_needed: "Dai il tuo consenso, così la richiesta potrà avere risposta.",
    kind_not_offered: "Questa legge non dà questo diritto. Scegli un’altra richiesta.",
    law_not_offered: "Qui non si ricevono richieste in base a questa legge.",
    code_heading: "Controlla la tua e-mail",
    code_sent: "Abbiamo inviato un codice di 6 cifre a {}. Inseriscilo qui per confermare la richiesta, oppure usa il link nell’e-mail.",
    code: "Codice",
    code_format: "Il codice ha 6 cifre.",
    confirm: "Conferma",
    new_code: "Invia un nuovo codice",
    new_code_sent: "Un nuovo codice è in arrivo.",
    wait_for_code: "Un codice è stato inviato meno di un minuto fa. Attendi un momento.",
    wrong_code: "Questo non è il codice che abbiamo inviato.",
    code_locked: "Questo codice non è più valido. Chiedine uno nuovo.",
    request_statuses: ["In attesa di conferma", "Ricevuta", "In lavorazione", "Completata", "Respinta", "Scaduta"],
    status_heading: "La tua richiesta",
    status_label: "Stato",
    received: "Ricevuta",
    due_by: "Risposta entro",
    history: "Cronologia",
    keep_reference: "Conserva questo riferimento per controllare la richiesta in seguito:",
    check_heading: "Controllare una richiesta",
    your_requests: "Richieste fatte da questo browser:",
    reference: "Riferimento",
    reference_help: "Il riferimento mostrato quando hai fatto la richiesta.",
    reference_format: "Un riferimento ha la forma pr_….st_…",
    check: "Controlla",
    check_unknown: "Nessuna richiesta corrisponde a questo riferimento.",
    report_heading: "Segnalare una vulnerabilità",
    report_title: "Titolo",
    report_description: "Che cosa hai trovato?",
    report_steps: "Passi per riprodurla (facoltativo)",
    report_impact: "Impatto (facoltativo)",
    report_email: "Il tuo indirizzo e-mail (facoltativo, per la risposta)",
    report_credit: "Nome da ringraziare (facoltativo)",
    send_report: "Invia segnalazione",
    report_sent: "Grazie. La tua segnalazione {} è arrivata; ne confermeremo la ricezione entro il {}.",
    subscribe_heading: "Ricevere le modifiche via e-mail",
    subscribe_help: "Ti scriviamo ogni volta che {} aggiunge, rimuove o modifica un sub-responsabile. Prima confermi l’indirizzo, e ogni e-mail contiene un link per disiscriverti.",
    subscribe: "Iscriviti",
    subscribed: "Controlla la posta: segui il link ricevuto per confermare l’iscrizione.",
    document_heading: "Richiedi «{}»",
    company: "Azienda",
    nda_heading: "Accordo di riservatezza",
    nda_accept: "Ho letto e accetto l’accordo di riservatezza (versione {}).",
    nda_download: "Scarica l’accordo",
    nda_needed: "Accetta l’accordo per ricevere questo documento.",
    nda_changed: "L’accordo è cambiato da quando questa pagina è stata caricata. Ricarica la pagina e leggi la versione attuale.",
    document_requested: "Grazie. La tua richiesta {} è arrivata; ti risponderemo via e-mail.",
    document_waiting: "Grazie. La tua richiesta {} è arrivata. Il documento non è ancora disponibile: il team è stato avvisato e ti risponderemo via e-mail.",
    document_approved_now: "La tua richiesta {} è approvata: il link per scaricare il documento sta arrivando via e-mail.",
    document_denied_now: "La tua richiesta {} non è stata approvata; l’e-mail che abbiamo inviato spiega perché.",
    your_request: ["La tua richiesta {} attende una decisione.", "La tua richiesta {} è stata approvata: il link per scaricare è nella tua e-mail e funziona fino al {}.", "La tua richiesta {} è stata rifiutata. Puoi chiedere di nuovo qui sotto."],
    access_ended: "Il tuo accesso è terminato il {}. Chiedi di nuovo qui sotto se ti serve ancora il documento.",
    access_withdrawn: "Il tuo accesso è stato revocato. Chiedi di nuovo qui sotto se ti serve ancora il documento.",
    nda_remembered: "Hai accettato questo accordo (versione {}) in questo browser negli ultimi 12 mesi, con questo indirizzo e-mail: vale per questa richiesta.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_goes_to_json_and_back_whole() {
        for lang in [Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::It] {
            let json = texts_for(lang).to_json();
            let back = Texts::from_json(&Json::parse(&json).unwrap()).unwrap();
            assert_eq!(back.to_json(), json);
            assert_eq!(back.laws, texts_for(lang).laws);
        }
        assert!(Texts::from_json(&Json::parse("{}").unwrap()).is_none());
        let short = EN.to_json().replacen("\"Loading…\"", "[]", 1);
        assert!(Texts::from_json(&Json::parse(&short).unwrap()).is_none());
        let laws = EN
            .to_json()
            .replacen(&format!("\"{}\",", EN.laws[0]), "", 1);
        assert!(Texts::from_json(&Json::parse(&laws).unwrap()).is_none());
    }

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        let mut out = String::new();
        write_text(&mut out, "a \"b\" \\ c\n");
        assert_eq!(out, r#""a \"b\" \\ c\u000a""#);
        assert_eq!(
            Json::parse(&out).unwrap(),
            Json::String("a \"b\" \\ c\n".into())
        );
    }
}
