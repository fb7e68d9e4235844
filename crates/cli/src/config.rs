//! Configuration: a TOML file (`--config FIL` or `TILLIT_CONFIG`),
//! environment variables (`TILLIT_*`, `DATABASE_URL`) and command-line
//! flags. A flag wins over the environment, the environment over the file,
//! the file over the default.
//!
//! Every key is in [`KEYS`] (name, environment variable, default, what it
//! does); `docs/operations.md` documents each (a test checks that it does).
//! The file is flat (`key = value`, no tables). A key the file does not
//! know, a value of the wrong type or a value that cannot be read is an
//! error naming the file, the line and the key, in Swedish; nothing is
//! guessed.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tillit_store::StoreConfig;

/// One configuration key.
pub struct Key {
    /// The key in the file.
    pub name: &'static str,
    /// The environment variable.
    pub env: &'static str,
    /// The default, as documented (the tests check it against [`Layer::settle`]
    /// and docs/operations.md).
    #[cfg_attr(not(test), allow(dead_code))]
    pub default: &'static str,
}

/// Every key, in the order `docs/operations.md` lists them.
pub const KEYS: &[Key] = &[
    Key {
        name: "addr",
        env: "TILLIT_ADDR",
        default: "127.0.0.1:8080",
    },
    Key {
        name: "data_dir",
        env: "TILLIT_DATA_DIR",
        default: "./tillit-data",
    },
    Key {
        name: "database_url",
        env: "DATABASE_URL",
        default: "",
    },
    Key {
        name: "secure_cookies",
        env: "TILLIT_SECURE_COOKIES",
        default: "false",
    },
    Key {
        name: "idle_timeout_minutes",
        env: "TILLIT_IDLE_TIMEOUT_MINUTES",
        default: "30",
    },
    Key {
        name: "absolute_timeout_minutes",
        env: "TILLIT_ABSOLUTE_TIMEOUT_MINUTES",
        default: "720",
    },
    Key {
        name: "emergency_access_minutes",
        env: "TILLIT_EMERGENCY_ACCESS_MINUTES",
        default: "120",
    },
    Key {
        name: "trusted_proxies",
        env: "TILLIT_TRUSTED_PROXIES",
        default: "[]",
    },
    Key {
        name: "db_wait_ms",
        env: "TILLIT_DB_WAIT_MS",
        default: "5000",
    },
    Key {
        name: "audit_anchors",
        env: "TILLIT_AUDIT_ANCHORS",
        default: "",
    },
    Key {
        name: "log_format",
        env: "TILLIT_LOG_FORMAT",
        default: "text",
    },
    Key {
        name: "log_level",
        env: "TILLIT_LOG_LEVEL",
        default: "info,sqlx=warn",
    },
    Key {
        name: "metrics_token",
        env: "TILLIT_METRICS_TOKEN",
        default: "",
    },
    Key {
        name: "municipality",
        env: "TILLIT_MUNICIPALITY",
        default: "Kommunen",
    },
    Key {
        name: "municipality_code",
        env: "TILLIT_MUNICIPALITY_CODE",
        default: "0000",
    },
];

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// En läsbar rad per händelse (one human-readable line per event).
    Text,
    /// Ett JSON-objekt per rad, för en logginsamlare (one JSON object per line).
    Json,
}

/// Values from one source; `None` where the source says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    pub addr: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub secure_cookies: Option<bool>,
    pub idle_timeout_minutes: Option<u64>,
    pub absolute_timeout_minutes: Option<u64>,
    pub emergency_access_minutes: Option<u64>,
    pub trusted_proxies: Option<Vec<IpAddr>>,
    pub db_wait_ms: Option<u64>,
    pub audit_anchors: Option<PathBuf>,
    pub log_format: Option<LogFormat>,
    pub log_level: Option<String>,
    pub metrics_token: Option<String>,
    pub municipality: Option<String>,
    pub municipality_code: Option<String>,
}

impl Layer {
    /// `self` where it says something, else `under`.
    pub fn over(self, under: Layer) -> Layer {
        Layer {
            addr: self.addr.or(under.addr),
            data_dir: self.data_dir.or(under.data_dir),
            database_url: self.database_url.or(under.database_url),
            secure_cookies: self.secure_cookies.or(under.secure_cookies),
            idle_timeout_minutes: self.idle_timeout_minutes.or(under.idle_timeout_minutes),
            absolute_timeout_minutes: self
                .absolute_timeout_minutes
                .or(under.absolute_timeout_minutes),
            emergency_access_minutes: self
                .emergency_access_minutes
                .or(under.emergency_access_minutes),
            trusted_proxies: self.trusted_proxies.or(under.trusted_proxies),
            db_wait_ms: self.db_wait_ms.or(under.db_wait_ms),
            audit_anchors: self.audit_anchors.or(under.audit_anchors),
            log_format: self.log_format.or(under.log_format),
            log_level: self.log_level.or(under.log_level),
            metrics_token: self.metrics_token.or(under.metrics_token),
            municipality: self.municipality.or(under.municipality),
            municipality_code: self.municipality_code.or(under.municipality_code),
        }
    }

    /// Every value filled in: `self`, else the default.
    pub fn settle(self) -> Settings {
        Settings {
            addr: self
                .addr
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            data_dir: self
                .data_dir
                .unwrap_or_else(|| PathBuf::from("./tillit-data")),
            database_url: self.database_url,
            secure_cookies: self.secure_cookies.unwrap_or(false),
            idle_timeout_minutes: self.idle_timeout_minutes.unwrap_or(30),
            absolute_timeout_minutes: self.absolute_timeout_minutes.unwrap_or(720),
            emergency_access_minutes: self.emergency_access_minutes.unwrap_or(120),
            trusted_proxies: self.trusted_proxies.unwrap_or_default(),
            db_wait_ms: self.db_wait_ms.unwrap_or(5000),
            audit_anchors: self.audit_anchors,
            log_format: self.log_format.unwrap_or(LogFormat::Text),
            log_level: self
                .log_level
                .unwrap_or_else(|| "info,sqlx=warn".to_string()),
            metrics_token: self.metrics_token,
            municipality: self.municipality,
            municipality_code: self.municipality_code,
        }
    }
}

/// The configuration in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub secure_cookies: bool,
    pub idle_timeout_minutes: u64,
    pub absolute_timeout_minutes: u64,
    pub emergency_access_minutes: u64,
    pub trusted_proxies: Vec<IpAddr>,
    pub db_wait_ms: u64,
    pub audit_anchors: Option<PathBuf>,
    pub log_format: LogFormat,
    pub log_level: String,
    pub metrics_token: Option<String>,
    /// `None`: the application layer's own default (and environment).
    pub municipality: Option<String>,
    pub municipality_code: Option<String>,
}

impl Settings {
    /// Where the data lives: `database_url` if set, else the SQLite file in
    /// `data_dir`.
    pub fn store_config(&self) -> StoreConfig {
        match self.database_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => StoreConfig::from_url(url),
            _ => StoreConfig::Sqlite {
                path: self.data_dir.join(tillit_store::SQLITE_FILE_NAME),
            },
        }
    }
}

/// A value as a source gives it.
#[derive(Clone, Debug)]
enum Raw {
    /// From the environment, or a string in the file.
    Text(String),
    Bool(bool),
    Int(i64),
    List(Vec<Raw>),
    /// Something no key takes (a table, a date, a float).
    Other(&'static str),
}

impl Raw {
    fn from_toml(v: &toml::Value) -> Raw {
        match v {
            toml::Value::String(s) => Raw::Text(s.clone()),
            toml::Value::Boolean(b) => Raw::Bool(*b),
            toml::Value::Integer(i) => Raw::Int(*i),
            toml::Value::Array(a) => Raw::List(a.iter().map(Raw::from_toml).collect()),
            toml::Value::Float(_) => Raw::Other("ett decimaltal"),
            toml::Value::Datetime(_) => Raw::Other("ett datum"),
            toml::Value::Table(_) => Raw::Other("en tabell"),
        }
    }

    fn describe(&self) -> String {
        match self {
            Raw::Text(s) => format!("\"{}\"", s.chars().take(60).collect::<String>()),
            Raw::Bool(b) => b.to_string(),
            Raw::Int(i) => i.to_string(),
            Raw::List(_) => "en lista".into(),
            Raw::Other(what) => (*what).into(),
        }
    }

    fn text(&self, what: &str) -> Result<String, String> {
        match self {
            Raw::Text(s) => Ok(s.trim().to_string()),
            other => Err(format!("ska vara {what}, inte {}", other.describe())),
        }
    }

    fn bool(&self) -> Result<bool, String> {
        match self {
            Raw::Bool(b) => Ok(*b),
            Raw::Text(s) => match s.trim().to_lowercase().as_str() {
                "true" | "1" | "ja" | "yes" | "on" => Ok(true),
                "false" | "0" | "nej" | "no" | "off" => Ok(false),
                _ => Err(format!(
                    "ska vara true eller false, inte {}",
                    self.describe()
                )),
            },
            other => Err(format!(
                "ska vara true eller false, inte {}",
                other.describe()
            )),
        }
    }

    fn positive(&self) -> Result<u64, String> {
        let n = match self {
            Raw::Int(i) => Some(*i),
            Raw::Text(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n > 0 => Ok(n as u64),
            _ => Err(format!(
                "ska vara ett positivt heltal (t.ex. 30), inte {}",
                self.describe()
            )),
        }
    }

    fn addresses(&self) -> Result<Vec<IpAddr>, String> {
        let items: Vec<String> = match self {
            Raw::List(items) => items
                .iter()
                .map(|i| i.text("en IP-adress inom citattecken"))
                .collect::<Result<_, _>>()?,
            Raw::Text(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            other => {
                return Err(format!(
                    "ska vara en lista med IP-adresser, t.ex. [\"127.0.0.1\"], inte {}",
                    other.describe()
                ));
            }
        };
        items
            .iter()
            .map(|s| {
                s.parse::<IpAddr>().map_err(|_| {
                    format!(
                        "\"{}\" är ingen IP-adress (skriv t.ex. 127.0.0.1 eller ::1)",
                        s.chars().take(60).collect::<String>()
                    )
                })
            })
            .collect()
    }
}

/// Put `raw` into `layer` under `key`; `Err` says what is wrong with the value.
fn set(layer: &mut Layer, key: &str, raw: &Raw) -> Result<(), String> {
    let nonempty = |what: &str| -> Result<Option<String>, String> {
        let s = raw.text(what)?;
        Ok(Some(s).filter(|s| !s.is_empty()))
    };
    match key {
        "addr" => {
            let s = raw.text("en adress med port, t.ex. \"127.0.0.1:8080\"")?;
            layer.addr = Some(s.parse().map_err(|_| {
                format!(
                    "\"{}\" är ingen adress med port (skriv t.ex. 127.0.0.1:8080 eller [::]:8080)",
                    s.chars().take(60).collect::<String>()
                )
            })?);
        }
        "data_dir" => layer.data_dir = nonempty("en katalog")?.map(PathBuf::from),
        "database_url" => layer.database_url = nonempty("en databas-URL")?,
        "secure_cookies" => layer.secure_cookies = Some(raw.bool()?),
        "idle_timeout_minutes" => layer.idle_timeout_minutes = Some(raw.positive()?),
        "absolute_timeout_minutes" => layer.absolute_timeout_minutes = Some(raw.positive()?),
        "emergency_access_minutes" => layer.emergency_access_minutes = Some(raw.positive()?),
        "trusted_proxies" => layer.trusted_proxies = Some(raw.addresses()?),
        "db_wait_ms" => layer.db_wait_ms = Some(raw.positive()?),
        "audit_anchors" => layer.audit_anchors = nonempty("en fil")?.map(PathBuf::from),
        "log_format" => {
            let s = raw.text("text eller json")?;
            layer.log_format = Some(match s.to_lowercase().as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => {
                    return Err(format!("ska vara text eller json, inte {}", raw.describe()));
                }
            });
        }
        "log_level" => {
            let s = raw.text("en loggnivå, t.ex. \"info\"")?;
            tracing_subscriber::EnvFilter::try_new(&s).map_err(|_| {
                format!(
                    "\"{}\" är ingen loggnivå (skriv t.ex. info, debug eller info,sqlx=warn)",
                    s.chars().take(60).collect::<String>()
                )
            })?;
            layer.log_level = Some(s).filter(|s| !s.is_empty());
        }
        "metrics_token" => {
            let token = nonempty("en lång slumpmässig sträng")?;
            if let Some(t) = &token
                && t.len() < 16
            {
                return Err(
                    "är för kort: använd minst 16 tecken (t.ex. från openssl rand -hex 32)".into(),
                );
            }
            layer.metrics_token = token;
        }
        "municipality" => layer.municipality = nonempty("kommunens namn")?,
        "municipality_code" => {
            let code = nonempty("kommunkoden med fyra siffror")?;
            if let Some(c) = &code
                && !(c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(format!(
                    "ska vara fyra siffror (t.ex. \"0180\"), inte {}",
                    raw.describe()
                ));
            }
            layer.municipality_code = code;
        }
        _ => return Err("okänd nyckel".into()),
    }
    Ok(())
}

/// The values of a configuration file's text; `file` names it in messages.
pub fn parse_file(file: &Path, text: &str) -> Result<Layer, String> {
    let place = |span: Option<std::ops::Range<usize>>| -> String {
        match span {
            Some(s) => format!(
                "{}, rad {}",
                file.display(),
                line_of(text, s.start.min(text.len()))
            ),
            None => file.display().to_string(),
        }
    };
    let table: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>> =
        toml::from_str(text).map_err(|e| {
            format!(
                "konfigurationsfilen {}: filen är inte giltig TOML ({}). Skriv en nyckel per rad: nyckel = värde, texter inom citattecken",
                place(e.span()),
                e.message().trim()
            )
        })?;
    let mut layer = Layer::default();
    for (key, value) in &table {
        let name = key.get_ref().as_str();
        if !KEYS.iter().any(|k| k.name == name) {
            let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
            return Err(format!(
                "konfigurationsfilen {}: okänd nyckel `{}`. Kända nycklar: {}",
                place(Some(key.span())),
                name.chars().take(60).collect::<String>(),
                known.join(", ")
            ));
        }
        set(&mut layer, name, &Raw::from_toml(value.get_ref())).map_err(|why| {
            format!(
                "konfigurationsfilen {}: nyckeln `{name}`: {why}",
                place(Some(value.span()))
            )
        })?;
    }
    Ok(layer)
}

/// The values the environment gives, read through `var`.
pub fn from_env(var: &dyn Fn(&str) -> Option<String>) -> Result<Layer, String> {
    let mut layer = Layer::default();
    for key in KEYS {
        let value = var(key.env).or_else(|| {
            // The log level: RUST_LOG too, as every Rust program reads it.
            (key.name == "log_level").then(|| var("RUST_LOG")).flatten()
        });
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        set(&mut layer, key.name, &Raw::Text(value))
            .map_err(|why| format!("miljövariabeln {}: {why}", key.env))?;
    }
    Ok(layer)
}

/// Line number (from 1) of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].matches('\n').count() + 1
}

/// The environment over the file.
fn base(
    env: &dyn Fn(&str) -> Option<String>,
    file: Option<(&Path, &str)>,
) -> Result<Layer, String> {
    let file = match file {
        Some((path, text)) => parse_file(path, text)?,
        None => Layer::default(),
    };
    Ok(from_env(env)?.over(file))
}

/// flag > environment > file > default.
#[cfg(test)]
fn resolve(
    flags: Layer,
    env: &dyn Fn(&str) -> Option<String>,
    file: Option<(&Path, &str)>,
) -> Result<Settings, String> {
    Ok(flags.over(base(env, file)?).settle())
}

/// The file named by `--config` or `TILLIT_CONFIG`, read.
pub fn read_file(flag: Option<&Path>) -> Result<Option<(PathBuf, String)>, String> {
    let path = match flag {
        Some(p) => p.to_path_buf(),
        None => match std::env::var("TILLIT_CONFIG") {
            Ok(p) if !p.trim().is_empty() => PathBuf::from(p.trim()),
            _ => return Ok(None),
        },
    };
    std::fs::read_to_string(&path)
        .map(|text| Some((path.clone(), text)))
        .map_err(|e| {
            format!(
                "konfigurationsfilen {} kunde inte läsas ({e}); ange rätt fil med --config eller TILLIT_CONFIG",
                path.display()
            )
        })
}

/// The file and the environment, read once at start (by `main`); commands
/// put their flags over it with [`settings`].
static BASE: OnceLock<Layer> = OnceLock::new();

/// Read the configuration file and the environment; an error is a Swedish
/// message for the user.
pub fn load(config_flag: Option<&Path>) -> Result<(), String> {
    let file = read_file(config_flag)?;
    let file = file.as_ref().map(|(p, t)| (p.as_path(), t.as_str()));
    let _ = BASE.set(base(&|name| std::env::var(name).ok(), file)?);
    Ok(())
}

/// The settings with a command's flags on top.
pub fn settings(flags: Layer) -> Settings {
    flags.over(BASE.get().cloned().unwrap_or_default()).settle()
}

/// The settings with only a data directory given by a flag.
pub fn with_data_dir(data_dir: Option<PathBuf>) -> Settings {
    settings(Layer {
        data_dir,
        ..Layer::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    const FILE: &str = "\
# Tillit
addr = \"0.0.0.0:9000\"
db_wait_ms = 2500
idle_timeout_minutes = 15
trusted_proxies = [\"127.0.0.1\", \"::1\"]
secure_cookies = true
log_format = \"json\"
";

    #[test]
    fn defaults_without_any_source() {
        let s = resolve(Layer::default(), &env_of(&[]), None).unwrap();
        assert_eq!(s.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(s.data_dir, PathBuf::from("./tillit-data"));
        assert_eq!(s.db_wait_ms, 5000);
        assert_eq!(s.idle_timeout_minutes, 30);
        assert_eq!(s.log_format, LogFormat::Text);
        assert!(!s.secure_cookies);
        assert_eq!(
            s.store_config(),
            StoreConfig::Sqlite {
                path: PathBuf::from("./tillit-data").join("tillit.sqlite")
            }
        );
        // The documented defaults are the ones in force.
        for key in KEYS {
            let shown = match key.name {
                "addr" => s.addr.to_string(),
                "data_dir" => s.data_dir.display().to_string(),
                "secure_cookies" => s.secure_cookies.to_string(),
                "idle_timeout_minutes" => s.idle_timeout_minutes.to_string(),
                "absolute_timeout_minutes" => s.absolute_timeout_minutes.to_string(),
                "emergency_access_minutes" => s.emergency_access_minutes.to_string(),
                "db_wait_ms" => s.db_wait_ms.to_string(),
                "log_format" => "text".into(),
                "log_level" => s.log_level.clone(),
                "trusted_proxies" => format!("{:?}", s.trusted_proxies),
                _ => continue,
            };
            assert_eq!(shown, key.default, "{}", key.name);
        }
    }

    #[test]
    fn flag_over_environment_over_file_over_default() {
        let file = Some((Path::new("tillit.toml"), FILE));
        // The file alone.
        let s = resolve(Layer::default(), &env_of(&[]), file).unwrap();
        assert_eq!(s.addr.to_string(), "0.0.0.0:9000");
        assert_eq!(s.db_wait_ms, 2500);
        assert_eq!(s.idle_timeout_minutes, 15);
        assert_eq!(s.trusted_proxies.len(), 2);
        assert!(s.secure_cookies);
        assert_eq!(s.log_format, LogFormat::Json);
        // Keys the file does not set keep their defaults.
        assert_eq!(s.absolute_timeout_minutes, 720);
        // The environment over the file.
        let env = env_of(&[
            ("TILLIT_DB_WAIT_MS", "1200"),
            ("TILLIT_SECURE_COOKIES", "false"),
            ("DATABASE_URL", "postgres://tillit@db/tillit"),
            ("TILLIT_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2,10.0.0.3"),
        ]);
        let s = resolve(Layer::default(), &env, file).unwrap();
        assert_eq!(s.db_wait_ms, 1200);
        assert!(!s.secure_cookies);
        assert_eq!(s.trusted_proxies.len(), 3);
        assert_eq!(s.idle_timeout_minutes, 15, "the file where env is silent");
        assert!(matches!(s.store_config(), StoreConfig::Postgres { .. }));
        // A flag over both.
        let flags = Layer {
            db_wait_ms: Some(99),
            addr: Some("127.0.0.1:1".parse().unwrap()),
            ..Layer::default()
        };
        let s = resolve(flags, &env, file).unwrap();
        assert_eq!(s.db_wait_ms, 99);
        assert_eq!(s.addr.to_string(), "127.0.0.1:1");
        assert_eq!(s.trusted_proxies.len(), 3, "env where the flag is silent");
    }

    #[test]
    fn rust_log_is_the_log_level_unless_tillit_log_level_is_set() {
        let s = resolve(Layer::default(), &env_of(&[("RUST_LOG", "debug")]), None).unwrap();
        assert_eq!(s.log_level, "debug");
        let env = env_of(&[("RUST_LOG", "debug"), ("TILLIT_LOG_LEVEL", "warn")]);
        let s = resolve(Layer::default(), &env, None).unwrap();
        assert_eq!(s.log_level, "warn");
    }

    fn file_error(text: &str) -> String {
        parse_file(Path::new("/etc/tillit/tillit.toml"), text).unwrap_err()
    }

    #[test]
    fn a_bad_file_names_the_file_the_line_and_the_key() {
        let e = file_error("addr = \"127.0.0.1:8080\"\n\nidle_timeout = 30\n");
        assert!(e.contains("/etc/tillit/tillit.toml, rad 3"), "{e}");
        assert!(e.contains("okänd nyckel `idle_timeout`"), "{e}");
        assert!(
            e.contains("idle_timeout_minutes"),
            "lists the known keys: {e}"
        );

        let e = file_error("addr = \"127.0.0.1:8080\"\ndb_wait_ms = \"fem\"\n");
        assert!(e.contains("rad 2"), "{e}");
        assert!(e.contains("`db_wait_ms`"), "{e}");
        assert!(e.contains("positivt heltal"), "{e}");

        let e = file_error("\n\n\nsecure_cookies = kanske\n");
        assert!(e.contains("rad 4"), "{e}");
        assert!(e.contains("inte giltig TOML"), "{e}");

        let e = file_error("trusted_proxies = [\"127.0.0.1\", \"proxy.example\"]\n");
        assert!(
            e.contains("rad 1") && e.contains("`trusted_proxies`"),
            "{e}"
        );
        assert!(e.contains("\"proxy.example\" är ingen IP-adress"), "{e}");

        let e = file_error("addr = \"localhost\"\n");
        assert!(
            e.contains("`addr`") && e.contains("ingen adress med port"),
            "{e}"
        );

        let e = file_error("log_format = \"xml\"\n");
        assert!(
            e.contains("`log_format`") && e.contains("text eller json"),
            "{e}"
        );

        let e = file_error("[server]\naddr = \"127.0.0.1:8080\"\n");
        assert!(e.contains("okänd nyckel `server`"), "{e}");

        let e = file_error("metrics_token = \"kort\"\n");
        assert!(e.contains("`metrics_token`: är för kort"), "{e}");
    }

    #[test]
    fn a_bad_environment_variable_is_named() {
        let e = resolve(
            Layer::default(),
            &env_of(&[("TILLIT_DB_WAIT_MS", "-5")]),
            None,
        )
        .unwrap_err();
        assert!(e.contains("TILLIT_DB_WAIT_MS"), "{e}");
        let e = resolve(
            Layer::default(),
            &env_of(&[("TILLIT_SECURE_COOKIES", "kanske")]),
            None,
        )
        .unwrap_err();
        assert!(
            e.contains("TILLIT_SECURE_COOKIES") && e.contains("true eller false"),
            "{e}"
        );
    }

    #[test]
    fn every_key_is_documented_with_its_variable_and_default() {
        let doc = include_str!("../../../docs/operations.md");
        for key in KEYS {
            let row = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` ", key.name)))
                .unwrap_or_else(|| panic!("docs/operations.md has no row for `{}`", key.name));
            assert!(row.contains(&format!("`{}`", key.env)), "{row}");
            if !key.default.is_empty() {
                assert!(row.contains(&format!("`{}`", key.default)), "{row}");
            }
        }
    }

    proptest! {
        #[test]
        fn arbitrary_files_never_panic(text in "\\PC*") {
            let _ = parse_file(Path::new("x.toml"), &text);
        }

        #[test]
        fn arbitrary_key_value_lines_never_panic(
            key in prop::sample::select(KEYS.iter().map(|k| k.name).collect::<Vec<_>>()),
            value in "\\PC{0,40}",
        ) {
            let _ = parse_file(Path::new("x.toml"), &format!("{key} = {value}\n"));
            let _ = parse_file(Path::new("x.toml"), &format!("{key} = \"{value}\"\n"));
        }

        #[test]
        fn arbitrary_environment_values_never_panic(value in "\\PC*") {
            for key in KEYS {
                let v = value.clone();
                let _ = from_env(&move |name| (name == key.env).then(|| v.clone()));
            }
        }
    }
}
