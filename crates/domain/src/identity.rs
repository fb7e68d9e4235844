//! Personnummer, samordningsnummer and reservnummer. (Being written.)
