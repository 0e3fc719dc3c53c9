import { sql } from 'drizzle-orm';

// The names the search and scale fixtures generate in SQL. 20 × 20 syllables make 400
// surnames: a surname fragment finds one customer in 400 (about 250 at 100,000), as a common
// name does in a real base. Companies are a trade and such a surname.
export const SURNAME_HEADS = ['Ber', 'Dur', 'Mor', 'Lef', 'Gar', 'Fon', 'Rou', 'Bou', 'Mar', 'Pet', 'Gir', 'Lam', 'Fau', 'Mer', 'Cha', 'Bla', 'Gui', 'Rob', 'Dav', 'Col'];
export const SURNAME_TAILS = ['nard', 'and', 'eau', 'èvre', 'nier', 'taine', 'ssel', 'cher', 'tin', 'it', 'aud', 'bert', 'rel', 'cier', 'puis', 'nc', 'llot', 'ert', 'id', 'ot'];
export const FIRST_NAMES = ['Camille', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Manon', 'Gabriel', 'Inès', 'Jules', 'Zoé', 'Arthur', 'Élodie'];
export const TRADES = ['Boulangerie', 'Papeterie', 'Garage', 'Pharmacie', 'Librairie', 'Fromagerie', 'Quincaillerie', 'Fleuriste', 'Imprimerie', 'Épicerie'];

/** A literal text[] of these values, for `(array[…])[1 + g % n]` in a generating INSERT. */
export const sqlArray = (values: string[]) => sql.raw(`array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]`);
