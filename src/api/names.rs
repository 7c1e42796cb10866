//! Real names on screen: the app never pseudonymises text itself. Every screen that hides
//! real names (the entry panel, Duplicates, the timeline, presentation mode, and the
//! drawings the timeline exports) asks the core for the text with each real name and alias
//! replaced, through the same [`Pseudonymiser`] documents are exported with.

use super::Session;
use crate::error::Result;
use crate::export::Pseudonymiser;

impl Session {
    /// `texts`, in the same order, with every real name and alias of the review's people
    /// replaced by their pseudonym, exactly as exported documents have them (Unicode NFC,
    /// whole words, any case).
    pub fn pseudonymise_texts(&self, texts: Vec<String>) -> Result<Vec<String>> {
        let people = self.store_ref()?.read().people()?;
        let names = Pseudonymiser::new(&people);
        Ok(texts.iter().map(|t| names.apply(t)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn texts_come_back_pseudonymised_in_order_and_need_an_open_review() {
        let dir = tempfile::tempdir().unwrap();
        let data = crate::demo::demo_review();
        let person = data
            .people
            .iter()
            .find(|p| p.real_name.as_deref().is_some_and(|n| !n.trim().is_empty()))
            .expect("the demo glossary has a real name")
            .clone();
        let real = person.real_name.clone().unwrap();
        let store = Store::create_with(&dir.path().join("t.chronolane"), None, |w| {
            data.insert_into(w)
        })
        .unwrap();
        let mut session = Session::new(dir.path().to_path_buf());
        assert!(session
            .pseudonymise_texts(vec!["x".into()])
            .unwrap_err()
            .to_string()
            .contains("No review is open"));
        session.set_store(store);
        // Written decomposed (NFD), the name is still found.
        let decomposed: String =
            unicode_normalization::UnicodeNormalization::nfd(real.as_str()).collect();
        let out = session
            .pseudonymise_texts(vec![
                format!("Visit by {real}."),
                String::new(),
                format!("{} rang", real.to_uppercase()),
                decomposed.clone(),
            ])
            .unwrap();
        assert_eq!(out[0], format!("Visit by {}.", person.label));
        assert_eq!(out[1], "");
        assert_eq!(out[2], format!("{} rang", person.label));
        assert_eq!(out[3], person.label);
    }
}
