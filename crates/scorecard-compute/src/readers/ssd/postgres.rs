//! The SSD straight from a PostgreSQL database.

use super::{NOT_USED, SsdRead, SsdTable, USED, read_tables};
use crate::error::{Error, Result};

/// Reads the SSD tables from the PostgreSQL database at `url`
/// (`postgresql://user:password@host:port/database`, or with
/// `?host=/run/postgresql` for a local socket), from the schema named by a
/// `schema=` parameter of the URL, else the connection's current schema.
/// Only the columns the scorecard uses are read (see the module
/// documentation); the other `ssd_` tables are counted. The figures are
/// those of the same tables as files.
///
/// Needs the cargo feature `postgres`. No TLS: connect over a local socket,
/// loopback or a tunnel.
pub fn read_postgres(la: &str, url: &str) -> Result<SsdRead> {
    let shown = hide_password(url);
    let (conn, schema) = split_schema(url);
    let err = |e: postgres::Error| {
        let mut message = e.to_string();
        if let Some(db) = e.as_db_error() {
            message = format!("{} ({})", db.message(), db.code().code());
        }
        Error::Database {
            url: shown.clone(),
            message,
        }
    };
    let mut client = postgres::Client::connect(&conn, postgres::NoTls).map_err(err)?;
    let schema: String = match schema {
        Some(s) => s,
        None => client
            .query_one("SELECT current_schema()::text", &[])
            .map_err(err)?
            .get(0),
    };
    let names: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = $1 AND table_name LIKE 'ssd\\_%' ORDER BY 1",
            &[&schema],
        )
        .map_err(err)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if names.is_empty() {
        return Err(Error::Database {
            url: shown,
            message: format!(
                "schema {schema:?} has no SSD tables (ssd_person, ssd_cin_episodes, ...); name the schema with ?schema=NAME"
            ),
        });
    }
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut tables = Vec::new();
    for name in names {
        let columns: Vec<String> = client
            .query(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
                &[&schema, &name],
            )
            .map_err(err)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let origin = format!("{shown} {schema}.{name}");
        let from = format!("{}.{}", quote(&schema), quote(&name));
        let known = super::table_of(&name).filter(|t| *t == name.to_ascii_lowercase());
        let used = known.and_then(|k| USED.iter().find(|u| u.name == k));
        let table = match used {
            Some(u) => {
                let read: Vec<&String> = columns
                    .iter()
                    .filter(|c| u.fields.contains(&c.to_ascii_lowercase().as_str()))
                    .collect();
                if read.is_empty() {
                    SsdTable::new(u.name, origin, columns.clone(), Vec::new())
                } else {
                    let list: Vec<String> =
                        read.iter().map(|c| format!("{}::text", quote(c))).collect();
                    let order: Vec<String> = (1..=read.len()).map(|i| i.to_string()).collect();
                    let sql = format!(
                        "SELECT {} FROM {from} ORDER BY {}",
                        list.join(", "),
                        order.join(", ")
                    );
                    let rows = client
                        .query(sql.as_str(), &[])
                        .map_err(err)?
                        .iter()
                        .map(|r| {
                            (0..read.len())
                                .map(|i| r.get::<_, Option<String>>(i))
                                .collect()
                        })
                        .collect();
                    let headings = read.into_iter().cloned().collect();
                    SsdTable::new(u.name, origin, headings, rows)
                }
            }
            None => {
                let n: i64 = client
                    .query_one(format!("SELECT count(*) FROM {from}").as_str(), &[])
                    .map_err(err)?
                    .get(0);
                let label = known
                    .filter(|k| NOT_USED.contains(k))
                    .map(str::to_string)
                    .unwrap_or_else(|| name.clone());
                SsdTable::new(
                    label,
                    origin,
                    columns,
                    vec![Vec::new(); usize::try_from(n).unwrap_or(0)],
                )
            }
        };
        tables.push(table.first_line(1));
    }
    read_tables(la, tables)
}

/// The URL without a `schema=` parameter, and the schema.
fn split_schema(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut schema = None;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.strip_prefix("schema=") {
            Some(s) => {
                schema = Some(s.to_string());
                false
            }
            None => true,
        })
        .collect();
    let conn = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    (conn, schema)
}

/// `url` with any password replaced by `***`.
fn hide_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, host) = match rest.split_once('@') {
        Some(x) => x,
        None => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            split_schema("postgresql://u@h/db?schema=ssd&sslmode=disable"),
            (
                "postgresql://u@h/db?sslmode=disable".into(),
                Some("ssd".into())
            )
        );
        assert_eq!(split_schema("postgresql://u@h/db").1, None);
        assert_eq!(
            hide_password("postgresql://u:secret@h:5432/db"),
            "postgresql://u:***@h:5432/db"
        );
    }
}
