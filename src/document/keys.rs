//! Name keys: the form under which names are compared and entities keyed. Its own file, without
//! other dependencies than unicode-normalization, because the build script derives the built-in
//! gazetteer's place tables with it (`build.rs`).

/// Currency signs kept in a name key (an amount's currency is part of what it names).
const CURRENCY_SIGNS: &str = "$£€¥₹₩₽₺₦₱₫฿¢₪₴₨₵₡";

/// Normalised name: NFKD without combining marks, lower case, letters/digits/`&` (and decimal
/// points and currency signs) only, single spaces, no leading "the", no trailing possessive.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending_space = false;
    // ASCII has nothing to decompose; most names are ASCII.
    let folded: std::borrow::Cow<str> = if name.is_ascii() {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(unicode_normalization::UnicodeNormalization::nfkd(name).filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect())
    };
    let folded = folded.trim_end_matches("'s").trim_end_matches("’s");
    let mut chars = folded.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        // A decimal point and a currency tell amounts apart: "1.4%" is not "14%", "£1.5
        // billion" not "$1.5 billion".
        let decimal_point = c == '.' && previous.is_ascii_digit() && chars.peek().is_some_and(char::is_ascii_digit);
        previous = c;
        if c.is_alphanumeric() || c == '&' || decimal_point || CURRENCY_SIGNS.contains(c) {
            if pending_space && !key.is_empty() {
                key.push(' ');
            }
            pending_space = false;
            key.extend(c.to_lowercase());
        } else if c == '.' || c == '\'' || c == '’' || c == '\u{ad}' {
            // "U.S." = "US", "O'Neill" = "ONeill", "Ber\u{ad}lin" (a soft hyphen) = "Berlin":
            // dropped without a space.
        } else {
            pending_space = true;
        }
    }
    // British and American spellings of one name: "World Health Organisation" is the
    // "Organization" (a word's "-isation" never tells two names apart).
    if key.contains("isation") {
        key = key.replace("isation", "ization");
    }
    match key.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => key,
    }
}
