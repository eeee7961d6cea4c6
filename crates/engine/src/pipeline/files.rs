//! Files named one by one (`stridewise run.fit other.gpx`): each read and reviewed on its
//! own, in the order found. The folder review ([`super::review_all`]) reads and reviews
//! each file the same way ([`super::read`], [`crate::coach::review::review_with`]) and
//! adds what only a folder has: duplicates set aside, the history, the baseline, the
//! folder's findings and focus. Here a named file that holds no activity is an error (the
//! runner asked for it), where a folder review skips it.

use super::{is_reviewable, read};
use crate::coach::review::{review_with, NotCoached, Review, ReviewOptions};
use crate::model::Activity;
use crate::source::discover;
use std::io;
use std::path::PathBuf;

/// One run read and reviewed.
#[derive(Debug)]
pub struct ReviewedFile {
    /// The file as the runner named it (or the archive member).
    pub path: String,
    /// The activity read.
    pub activity: Activity,
    /// Its review: every finding final.
    pub review: Review,
}

/// What the named files hold, reviewed.
#[derive(Debug, Default)]
pub struct Files {
    /// How many files were found under the paths.
    pub found: usize,
    /// The runs (and planned routes), reviewed, in the order found.
    pub runs: Vec<ReviewedFile>,
    /// Activities that are not runs (rides, walks, other sports): path and activity.
    pub skipped: Vec<(String, Activity)>,
    /// Files that could not be read: (path, one-line cause).
    pub errors: Vec<(String, String)>,
}

impl Files {
    /// True when at least one run was coached (a planned route's hills count): with none,
    /// a run of the command reviewed nothing, which is exit 1 as for an empty folder.
    #[must_use]
    pub fn any_reviewed(&self) -> bool {
        self.runs
            .iter()
            .any(|r| matches!(r.review.not_coached, None | Some(NotCoached::Route)))
    }

    /// How many runs were read but not coached (too short, likely rides).
    #[must_use]
    pub fn not_coached(&self) -> usize {
        self.runs
            .iter()
            .filter(|r| r.review.not_coached.is_some())
            .count()
    }
}

/// Read every file the paths name (files, folders, zip archives, as the folder review
/// finds them, every sport kept), one after another, handing each activity to `each` as
/// soon as it is read, so a caller that keeps only a little of each holds one run at a
/// time. Unreadable files go to `errors`. Returns how many files were found, or the first
/// error of `each` (an output that cannot be written). Stops early when cancelled.
///
/// # Errors
/// The first error `each` returns.
pub fn for_each_read(
    paths: &[PathBuf],
    errors: &mut Vec<(String, String)>,
    mut each: impl FnMut(&str, Activity) -> io::Result<()>,
) -> io::Result<usize> {
    let found = discover::discover_every_sport(paths);
    errors.extend(found.errors);
    for c in &found.candidates {
        if crate::cancel::requested() {
            break;
        }
        match read(c) {
            Ok(acts) => {
                for a in acts {
                    each(&c.display, a)?;
                }
            }
            Err(e) => errors.push((c.display.clone(), e.to_string())),
        }
    }
    Ok(found.candidates.len())
}

/// Read and review every file the paths name: runs reviewed under `options`, other sports
/// set aside, unreadable files listed.
#[must_use]
pub fn review_files(paths: &[PathBuf], options: &ReviewOptions<'_>) -> Files {
    let mut files = Files::default();
    let mut read = Vec::new();
    // `each` never fails here, so neither does the walk.
    files.found = for_each_read(paths, &mut files.errors, |path, a| {
        read.push((path.to_string(), a));
        Ok(())
    })
    .unwrap_or_default();
    for (path, activity) in read {
        if is_reviewable(&activity) {
            let review = review_with(&activity, options);
            files.runs.push(ReviewedFile {
                path,
                activity,
                review,
            });
        } else {
            files.skipped.push((path, activity));
        }
    }
    files
}
