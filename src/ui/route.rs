//! The page's routes: which view a URL fragment shows, and the fragment of each view.

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
}

impl Route {
    /// The route of a hash such as `#/lesson/pocket`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        match path.split_once('/') {
            Some(("lesson", id)) if !id.is_empty() => Route::Lesson(id.to_owned()),
            // One parser for the item, tested natively with the concepts.
            Some(("concepts", _)) => {
                Route::Concepts(crate::concepts::anchor(hash).map(str::to_owned))
            }
            _ if path == "lessons" => Route::Lessons,
            _ if path == "team" => Route::Team,
            _ if path == "concepts" => Route::Concepts(None),
            _ if path == "ladder" => Route::Ladder,
            _ if path == "metrics" => Route::Metrics,
            _ if path == "calibrate" => Route::Calibrate,
            _ => Route::Editor,
        }
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
        }
    }
}
