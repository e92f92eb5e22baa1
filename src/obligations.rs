//! Obligations that depend on the client: the bundled `frameworks/obligations.yaml`
//! (content, not code) lists regulations with the client facts that select them, their
//! duties and deadlines, and the framework controls that bear on them; the answers file's
//! `client:` facts pick the ones that apply, and the questions mapped to those controls are
//! the evidence the assessment holds on each.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::answers::{ClientFacts, Sector};
use crate::posture::{combine, Evidence};
use crate::source::Source;
use crate::validate::{AnswerValue, ValidQuestionnaire};
use crate::yaml::{index, key, Document};

/// The value of `format:` in the obligations file.
pub const FORMAT: &str = "mspcheck/obligations/1";

/// The bundled obligations file.
pub const BUNDLED: &str = include_str!("../frameworks/obligations.yaml");

/// The obligations file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObligationsFile {
    /// Always `mspcheck/obligations/1`.
    pub format: String,
    /// The regulations.
    pub obligations: Vec<Obligation>,
}

/// How far a regulation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Law in force.
    InForce,
    /// A proposed rule, not law.
    Proposed,
    /// A bill before a legislature, not law.
    Bill,
}

impl Status {
    /// The words used in text reports.
    pub fn label(self) -> &'static str {
        match self {
            Status::InForce => "in force",
            Status::Proposed => "proposed, not law",
            Status::Bill => "bill, not law",
        }
    }
}

/// One regulation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Identifier.
    pub id: String,
    /// Its name.
    pub title: String,
    /// In force, proposed, or a bill.
    pub status: Status,
    /// The client facts that select it; every key given must hold.
    pub applies: Applies,
    /// What it means for the provider, in a few sentences.
    pub summary: String,
    /// Its duties.
    pub duties: Vec<Duty>,
    /// Where the facts come from.
    pub source: String,
    /// The date by which the facts must be re-checked.
    pub review_by: NaiveDate,
    /// Framework id → control ids that bear on it: questions mapped to them give evidence.
    #[serde(default)]
    pub relates: BTreeMap<String, Vec<String>>,
}

/// The client facts that select a regulation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applies {
    /// Any of these regions (a client region equal to one, or inside it: `us-ny` is in `us`).
    #[serde(default)]
    pub regions: Vec<String>,
    /// Any of these sectors.
    #[serde(default)]
    pub sectors: Vec<Sector>,
    /// The client is (or is not) a public body.
    #[serde(default)]
    pub public_body: Option<bool>,
}

/// One duty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// What must be done.
    pub duty: String,
    /// When, if the regulation sets a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// A regulation that applies, in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ObligationReport {
    /// Identifier.
    pub id: String,
    /// Its name.
    pub title: String,
    /// In force, proposed, or a bill.
    pub status: Status,
    /// Which client facts selected it.
    pub selected_by: String,
    /// What it means for the provider.
    pub summary: String,
    /// Its duties and deadlines.
    pub duties: Vec<Duty>,
    /// Where the facts come from.
    pub source: String,
    /// The date by which the facts must be re-checked.
    pub review_by: NaiveDate,
    /// The questions that give evidence on it, with what their answers say.
    pub evidence: Vec<ObligationEvidence>,
}

/// One question's evidence on an obligation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ObligationEvidence {
    /// Question id.
    pub question: String,
    /// The answer as written (null = unanswered).
    pub answer: Option<String>,
    /// What the answer says about the controls behind the obligation.
    pub evidence: Evidence,
}

/// The bundled obligations, parsed once (a broken file is a bug the tests catch).
pub fn bundled() -> &'static [Obligation] {
    static PARSED: OnceLock<Vec<Obligation>> = OnceLock::new();
    PARSED.get_or_init(|| {
        parse_bundled()
            .map(|file| file.obligations)
            .unwrap_or_default()
    })
}

/// Parses the bundled file, reporting its problems.
pub fn parse_bundled() -> Result<ObligationsFile, Diagnostic> {
    let source = Source::from_bytes("<bundled:obligations>".into(), None, BUNDLED.as_bytes())?;
    let document = Document::parse(source)?;
    document.deserialize(&[])
}

/// `client` with the facts given on the command line (`interview --client-…`) applied.
pub fn client_from_flags(
    client: Option<ClientFacts>,
    sector: Option<&str>,
    regions: &[String],
    public_body: Option<bool>,
) -> Result<Option<ClientFacts>, Vec<Diagnostic>> {
    if sector.is_none() && regions.is_empty() && public_body.is_none() {
        return Ok(client);
    }
    let mut client = client.unwrap_or_default();
    let mut problems = Vec::new();
    if let Some(sector) = sector {
        match Sector::ALL.iter().find(|known| known.as_str() == sector) {
            Some(known) => client.sector = Some(*known),
            None => {
                let names = Sector::ALL.iter().map(|known| known.as_str());
                let help = crate::diagnostic::did_you_mean(sector, names.clone())
                    .unwrap_or_else(|| crate::diagnostic::expected_one_of(names));
                problems.push(
                    Diagnostic::error(
                        Code::ValueNotAllowed,
                        format!("`--client-sector {sector}` is not a sector"),
                    )
                    .with_help(help),
                );
            }
        }
    }
    for region in regions {
        if !is_region_code(region) {
            problems.push(
                Diagnostic::error(
                    Code::ValueNotAllowed,
                    format!("`--client-region {region}` is not a region code"),
                )
                .with_help("write e.g. `us`, `us-ny`, `eu-de`, `uk`"),
            );
        }
    }
    if !regions.is_empty() {
        client.region = regions.to_vec();
    }
    if public_body.is_some() {
        client.public_body = public_body;
    }
    if problems.is_empty() {
        Ok(Some(client))
    } else {
        Err(problems)
    }
}

/// True when `code` looks like a region code: two letters, then `-parts`.
pub fn is_region_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let head = parts.next().unwrap_or("");
    head.len() == 2
        && head.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|part| {
            !part.is_empty()
                && part.len() <= 8
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Problems with the `client.region` codes of an answers file.
pub fn check_regions(document: &Document, client: &ClientFacts) -> Vec<Diagnostic> {
    let path = key(&key(&[], "client"), "region");
    let is_list = document
        .get(&path)
        .is_some_and(serde_yaml::Value::is_sequence);
    client
        .region
        .iter()
        .enumerate()
        .filter(|(_, code)| !is_region_code(code))
        .map(|(position, code)| {
            let at = if is_list { index(&path, position) } else { path.clone() };
            Diagnostic::error(
                Code::ValueNotAllowed,
                format!("`{code}` is not a region code"),
            )
            .at(document.value_location(&at))
            .with_help("write a lowercase country or bloc code, optionally with a state: `us`, `us-ny`, `eu`, `eu-de`, `uk`, `au`")
        })
        .collect()
}

/// Why `obligation` applies to this client, or `None` when it does not.
pub fn selected_by(obligation: &Obligation, client: &ClientFacts) -> Option<String> {
    let applies = &obligation.applies;
    let mut reasons = Vec::new();
    if !applies.regions.is_empty() {
        let region = client.region.iter().find(|code| {
            applies.regions.iter().any(|wanted| {
                code.as_str() == wanted.as_str()
                    || code
                        .strip_prefix(wanted.as_str())
                        .is_some_and(|rest| rest.starts_with('-'))
            })
        })?;
        reasons.push(format!("region `{region}`"));
    }
    if !applies.sectors.is_empty() {
        let sector = client
            .sector
            .filter(|sector| applies.sectors.contains(sector))?;
        reasons.push(format!("sector `{}`", sector.as_str()));
    }
    if let Some(wanted) = applies.public_body {
        if client.public_body.unwrap_or(false) != wanted {
            return None;
        }
        reasons.push(if wanted {
            "a public body".to_string()
        } else {
            "not a public body".to_string()
        });
    }
    (!reasons.is_empty()).then(|| format!("client facts: {}", reasons.join(", ")))
}

/// The regulations that apply to `client`, with the questionnaire's evidence on each.
pub fn for_client(
    questionnaire: &ValidQuestionnaire,
    client: &ClientFacts,
    applicable: &[bool],
    values: &[Option<&AnswerValue>],
) -> Vec<ObligationReport> {
    let set = &questionnaire.mappings.frameworks;
    bundled()
        .iter()
        .filter_map(|obligation| {
            let selected_by = selected_by(obligation, client)?;
            let mut per_question: BTreeMap<usize, Vec<Evidence>> = BTreeMap::new();
            for (framework_id, controls) in &obligation.relates {
                let Some(framework) = set.position(framework_id) else {
                    continue;
                };
                let wanted: Vec<usize> = controls
                    .iter()
                    .filter_map(|id| set.all()[framework].control_index(id))
                    .collect();
                for control in wanted {
                    let links: Vec<&crate::validate::framework::Link> = questionnaire
                        .mappings
                        .links
                        .iter()
                        .filter(|link| link.framework == framework && link.control == control)
                        .collect();
                    for group in crate::posture::by_question(&links) {
                        per_question.entry(group[0].question).or_default().push(
                            crate::posture::group_evidence(
                                questionnaire,
                                &group,
                                applicable,
                                values,
                            ),
                        );
                    }
                }
            }
            let evidence = per_question
                .into_iter()
                .map(|(position, parts)| {
                    let question = &questionnaire.questions[position];
                    ObligationEvidence {
                        question: question.id().to_string(),
                        answer: values[position]
                            .filter(|_| applicable[position])
                            .map(|value| value.display(question)),
                        evidence: combine(parts),
                    }
                })
                .collect();
            Some(ObligationReport {
                id: obligation.id.clone(),
                title: obligation.title.clone(),
                status: obligation.status,
                selected_by,
                summary: obligation.summary.clone(),
                duties: obligation.duties.clone(),
                source: obligation.source.clone(),
                review_by: obligation.review_by,
                evidence,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(sector: Option<Sector>, region: &[&str], public_body: Option<bool>) -> ClientFacts {
        ClientFacts {
            sector,
            region: region.iter().map(|code| code.to_string()).collect(),
            public_body,
        }
    }

    fn selected(client: &ClientFacts) -> Vec<&'static str> {
        bundled()
            .iter()
            .filter(|obligation| selected_by(obligation, client).is_some())
            .map(|obligation| obligation.id.as_str())
            .collect()
    }

    #[test]
    fn bundled_obligations_parse_and_name_real_controls() {
        let file = parse_bundled().unwrap();
        assert_eq!(file.format, FORMAT);
        assert_eq!(file.obligations.len(), bundled().len());
        assert!(bundled().len() >= 7);
        let frameworks = crate::framework::bundled();
        for obligation in bundled() {
            assert!(!obligation.duties.is_empty(), "{}", obligation.id);
            for (framework_id, controls) in &obligation.relates {
                let framework = frameworks
                    .iter()
                    .find(|framework| framework.id() == framework_id)
                    .unwrap_or_else(|| panic!("{}: framework {framework_id}", obligation.id));
                for control in controls {
                    assert!(
                        framework.control_index(control).is_some(),
                        "{}: {framework_id} {control}",
                        obligation.id
                    );
                }
            }
        }
    }

    #[test]
    fn client_facts_select_the_regulations_that_apply() {
        assert_eq!(
            selected(&client(None, &["us-la"], Some(true))),
            ["louisiana-act-117"]
        );
        assert!(selected(&client(None, &["us-la"], Some(false))).is_empty());
        assert!(
            selected(&client(None, &["us"], Some(true))).is_empty(),
            "`us` alone selects no state law"
        );
        assert_eq!(
            selected(&client(Some(Sector::Finance), &["us-ny"], None)),
            ["nydfs-500"]
        );
        assert_eq!(
            selected(&client(Some(Sector::NonBankFinance), &["us-tx"], None)),
            ["ftc-safeguards"]
        );
        assert_eq!(
            selected(&client(Some(Sector::Defence), &["us"], None)),
            ["cmmc-esp"]
        );
        assert_eq!(
            selected(&client(Some(Sector::Health), &["us-ca", "eu-de"], None)),
            ["nis2-msp", "hipaa-security-nprm"]
        );
        assert_eq!(
            selected(&client(None, &["uk"], None)),
            ["uk-cyber-resilience-bill"]
        );
        assert!(selected(&client(Some(Sector::Finance), &["au"], None)).is_empty());
    }

    #[test]
    fn proposed_rules_say_so() {
        let hipaa = bundled()
            .iter()
            .find(|obligation| obligation.id == "hipaa-security-nprm")
            .unwrap();
        assert_eq!(hipaa.status, Status::Proposed);
        assert!(hipaa.title.contains("proposed"));
        assert!(Status::Proposed.label().contains("not law"));
    }

    #[test]
    fn region_codes_are_checked() {
        for good in ["us", "us-ny", "eu-de", "uk"] {
            assert!(is_region_code(good), "{good}");
        }
        for bad in ["USA", "u", "us_ny", "us-", "new york"] {
            assert!(!is_region_code(bad), "{bad}");
        }
    }
}
