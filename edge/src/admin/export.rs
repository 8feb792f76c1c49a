//! Lists as CSV files (RFC 4180, a header row), for the team's records: each list the
//! console shows can be taken away as it is filtered there.

use worker::Response;

use crate::router::{Csv, Page};
use crate::shared::error::ApiError;

/// `rows` under `header`, as an attachment named `{org}-{name}.csv`, never cached.
pub fn csv(
    org: &str,
    name: &str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<Page<Csv>, ApiError> {
    let failed = |e: csv::Error| ApiError::Internal(format!("CSV: {e}"));
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    writer.write_record(header).map_err(failed)?;
    for row in rows {
        writer.write_record(&row).map_err(failed)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ApiError::Internal(format!("CSV: {e}")))?;
    let mut response = Response::from_bytes(bytes)?;
    let headers = response.headers_mut();
    headers.set("content-type", "text/csv; charset=utf-8; header=present")?;
    headers.set(
        "content-disposition",
        &format!("attachment; filename=\"{org}-{name}.csv\""),
    )?;
    headers.set("cache-control", "no-store")?;
    Ok(Page::new(response))
}

/// `yes` or `no`, as the registers write a flag.
pub fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_owned()
}
