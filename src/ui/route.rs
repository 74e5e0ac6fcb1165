//! The page's routes: which view a URL fragment shows, and the fragment of each view. A share
//! link (`#/s/1/…`) is no route: it carries a state whose view is one.

/// Which view the page shows, from the URL's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The editor and the result (`#/`).
    Editor,
    /// The list of lessons (`#/lessons`).
    Lessons,
    /// One lesson (`#/lesson/<id>`).
    Lesson(String),
    /// The team (`#/team`).
    Team,
    /// The posts' concepts (`#/concepts`), or one item shown (`#/concepts/<id>`).
    Concepts(Option<String>),
    /// The product ladder (`#/ladder`).
    Ladder,
    /// The metrics lab (`#/metrics`).
    Metrics,
    /// Calibration from a CRM export (`#/calibrate`).
    Calibrate,
    /// The trainer's notes, in a second window that follows the projector (`#/notes`).
    Notes,
}

impl Route {
    /// The route of a hash such as `#/lesson/pocket`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        match path.split_once('/') {
            Some(("lesson", id)) if !id.is_empty() => Route::Lesson(id.to_owned()),
            // One parser for the item, tested natively with the concepts.
            Some(("concepts", _)) => {
                Route::Concepts(crate::content::concepts::anchor(hash).map(str::to_owned))
            }
            _ if path == "lessons" => Route::Lessons,
            _ if path == "team" => Route::Team,
            _ if path == "concepts" => Route::Concepts(None),
            _ if path == "ladder" => Route::Ladder,
            _ if path == "metrics" => Route::Metrics,
            _ if path == "calibrate" => Route::Calibrate,
            _ if path == "notes" => Route::Notes,
            _ => Route::Editor,
        }
    }

    /// The route of a share link's view (a route's path without `#`, e.g. `/lesson/pocket`).
    pub fn of_view(view: &str) -> Route {
        Route::parse(&format!("#{view}"))
    }

    /// Whether a fragment is a share link to open rather than a route.
    pub fn is_share_link(hash: &str) -> bool {
        crate::io::share::is_share_link(hash)
    }

    /// The hash of a route.
    pub fn hash(&self) -> String {
        match self {
            Route::Editor => "#/".into(),
            Route::Lessons => "#/lessons".into(),
            Route::Lesson(id) => format!("#/lesson/{id}"),
            Route::Team => "#/team".into(),
            Route::Concepts(None) => "#/concepts".into(),
            Route::Concepts(Some(id)) => format!("#/concepts/{id}"),
            Route::Ladder => "#/ladder".into(),
            Route::Metrics => "#/metrics".into(),
            Route::Calibrate => "#/calibrate".into(),
            Route::Notes => "#/notes".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::share::{decode, encode, SharedState};
    use crate::sim::{preset, ScenarioSpec};

    fn every_route() -> Vec<Route> {
        vec![
            Route::Editor,
            Route::Lessons,
            Route::Lesson("pocket".into()),
            Route::Team,
            Route::Concepts(None),
            Route::Concepts(Some("duty-3".into())),
            Route::Ladder,
            Route::Metrics,
            Route::Calibrate,
            Route::Notes,
        ]
    }

    #[test]
    fn each_route_reads_back_from_its_hash() {
        for r in every_route() {
            assert_eq!(Route::parse(&r.hash()), r, "{}", r.hash());
            assert!(!Route::is_share_link(&r.hash()));
        }
    }

    #[test]
    fn hashes_as_people_type_them() {
        assert_eq!(Route::parse(""), Route::Editor);
        assert_eq!(Route::parse("#"), Route::Editor);
        assert_eq!(Route::parse("#/"), Route::Editor);
        assert_eq!(Route::parse("#team"), Route::Team);
        assert_eq!(Route::parse("#/lesson/"), Route::Editor, "a lesson needs its id");
        assert_eq!(Route::parse("#/lesson/a/b"), Route::Lesson("a/b".into()));
        assert_eq!(Route::parse("#/nowhere"), Route::Editor);
        assert_eq!(Route::parse("#/concepts/"), Route::Concepts(None));
        assert_eq!(Route::parse("#/metrics"), Route::Metrics);
    }

    #[test]
    fn a_share_link_opens_its_view() {
        let spec =
            ScenarioSpec::from_json(preset("default").expect("preset").json).expect("parses");
        for r in every_route() {
            let view = r.hash()[1..].to_owned();
            let link = encode(&SharedState {
                spec: spec.clone(),
                trials: 5000,
                seed: 3,
                view,
                lang: None,
            });
            assert!(Route::is_share_link(&link), "{link}");
            let opened = decode(&link).expect("opens");
            assert_eq!(Route::of_view(&opened.view), r);
            assert_eq!((opened.trials, opened.seed), (5000, 3));
        }
    }
}
