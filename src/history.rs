//! One provider over any number of dated assessments: the class, standing and score at each
//! date, each domain's trend, and the red flags raised and cleared between one assessment
//! and the next. Pure: built from assessments already made.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, QuestionnaireInfo, RedFlagReport};
use crate::model::questionnaire::Class;
use crate::model::Perspective;

/// The history's `format:`.
pub const FORMAT: &str = "mspcheck/history/1";

/// One provider's assessments in date order.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct History {
    /// Always `mspcheck/history/1`.
    pub format: String,
    /// Who is assessed.
    pub provider: String,
    /// The questionnaire of the latest assessment (earlier ones may have other compatible
    /// versions: see each point's `questionnaire_version`).
    pub questionnaire: QuestionnaireInfo,
    /// Whether only verified answers were counted.
    pub verified_only: bool,
    /// The assessments, oldest first.
    pub points: Vec<Point>,
    /// Each domain of the latest questionnaire, with its score at every point.
    pub domains: Vec<DomainTrend>,
    /// Class of the first and of the latest assessment, and the overall score change.
    pub overall: Overall,
}

/// The whole span in three facts.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Overall {
    /// Class of the oldest assessment.
    pub first_class: Class,
    /// Class of the latest assessment.
    pub last_class: Class,
    /// Latest overall score minus the oldest (null when either has none).
    pub score_change: Option<f64>,
    /// Red flags of the latest assessment.
    pub open_red_flags: usize,
}

/// One dated assessment.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Point {
    /// The assessment's date.
    pub date: NaiveDate,
    /// The answers file, as named on the command line.
    pub answers_file: String,
    /// Who answered.
    pub assessor: Option<String>,
    /// Whose point of view.
    pub perspective: Option<Perspective>,
    /// The questionnaire version used.
    pub questionnaire_version: String,
    /// amateur | pseudo | mature.
    pub classification: Class,
    /// `clear` | `held_back` | `undecided`.
    pub standing: String,
    /// Overall score 0–100, unrounded; null when nothing is answered.
    pub score: Option<f64>,
    /// Answered applicable questions / applicable questions.
    pub coverage: f64,
    /// Share of answered applicable questions that are verified.
    pub verified_share: f64,
    /// Red flags of this assessment.
    pub red_flags: Vec<RedFlagReport>,
    /// Red flags this assessment has that the previous one had not (all of them for the first);
    /// flags are matched by question, as their wording may follow each assessment's reader.
    pub raised: Vec<RedFlagReport>,
    /// Red flags the previous assessment had that this one has not.
    pub cleared: Vec<RedFlagReport>,
}

/// One domain over time.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DomainTrend {
    /// Domain id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its score at each point (null where it had none, or the domain did not exist yet).
    pub scores: Vec<Option<f64>>,
    /// Latest score minus the earliest score it had (null with fewer than two scores).
    pub change: Option<f64>,
}

/// Builds the history of `assessments`, each with its date, sorted oldest first (files of
/// the same date keep their order). `None` when there are none.
pub fn history(mut dated: Vec<(NaiveDate, Assessment)>) -> Option<History> {
    dated.sort_by_key(|(date, _)| *date);
    let (_, latest) = dated.last()?;
    let latest = latest.clone();
    let mut points: Vec<Point> = Vec::with_capacity(dated.len());
    for (date, assessment) in &dated {
        let previous = points.last().map(|point| point.red_flags.as_slice());
        let raised = assessment
            .red_flags
            .iter()
            .filter(|flag| {
                previous.is_none_or(|before| before.iter().all(|old| !old.same_as(flag)))
            })
            .cloned()
            .collect();
        let cleared = previous
            .unwrap_or_default()
            .iter()
            .filter(|flag| assessment.red_flags.iter().all(|new| !new.same_as(flag)))
            .cloned()
            .collect();
        points.push(Point {
            date: *date,
            answers_file: assessment.answers_file.clone(),
            assessor: assessment.assessor.clone(),
            perspective: assessment.perspective,
            questionnaire_version: assessment.questionnaire.version.clone(),
            classification: assessment.classification,
            standing: crate::report::summary::standing(assessment).to_string(),
            score: assessment.score,
            coverage: assessment.coverage,
            verified_share: assessment.verified_share,
            red_flags: assessment.red_flags.clone(),
            raised,
            cleared,
        });
    }
    let domains = latest
        .domains
        .iter()
        .map(|domain| {
            let scores: Vec<Option<f64>> = dated
                .iter()
                .map(|(_, assessment)| {
                    assessment
                        .domains
                        .iter()
                        .find(|other| other.id == domain.id)
                        .and_then(|other| other.score)
                })
                .collect();
            let known: Vec<f64> = scores.iter().flatten().copied().collect();
            DomainTrend {
                id: domain.id.clone(),
                title: domain.title.clone(),
                change: (known.len() >= 2).then(|| known[known.len() - 1] - known[0]),
                scores,
            }
        })
        .collect();
    let first = &points[0];
    let last = &points[points.len() - 1];
    let overall = Overall {
        first_class: first.classification,
        last_class: last.classification,
        score_change: first.score.zip(last.score).map(|(old, new)| new - old),
        open_red_flags: last.red_flags.len(),
    };
    Some(History {
        format: FORMAT.to_string(),
        provider: latest.provider.clone(),
        questionnaire: latest.questionnaire.clone(),
        verified_only: latest.verified_only,
        points,
        domains,
        overall,
    })
}

/// Whether two versions of one questionnaire can be followed in one history: the same
/// major version (for 0.x, the same minor), as semantic versioning promises.
pub fn compatible(left: &str, right: &str) -> bool {
    match (semver::Version::parse(left), semver::Version::parse(right)) {
        (Ok(left), Ok(right)) => {
            left.major == right.major && (left.major > 0 || left.minor == right.minor)
        }
        _ => left == right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_compatible_within_a_major_version() {
        assert!(compatible("1.0.0", "1.4.2"));
        assert!(!compatible("1.0.0", "2.0.0"));
        assert!(compatible("0.3.0", "0.3.9"));
        assert!(!compatible("0.3.0", "0.4.0"));
    }
}
