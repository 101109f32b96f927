// The schools of the demo: an académie de Poitiers made up from its four départements (Charente 016,
// Charente-Maritime 017, Deux-Sèvres 079, Vienne 086), real communes, plausible names, valid UAI check letters.
import { uaiCheckLetter } from '../../shared/uai.ts';
import { seededRandom } from '../sample-tree.ts';

export interface DemoSchool {
  readonly uai: string;
  readonly name: string;
  readonly commune: string;
  /** 1 or 2 Scribe servers. */
  readonly machines: readonly string[];
}

const COMMUNES: Readonly<Record<string, readonly string[]>> = {
  '016': ['Angoulême', 'Cognac', 'Soyaux', 'La Couronne', 'Ruelle-sur-Touvre', 'Confolens', 'Barbezieux-Saint-Hilaire', 'Jarnac', 'Chabanais',
    'Ruffec', 'La Rochefoucauld-en-Angoumois', 'Chalais', 'Montbron', 'Segonzac', 'Champniers', 'Gond-Pontouvre', 'Aigre', 'Baignes-Sainte-Radegonde',
    'Montmoreau', 'Rouillac', 'Villebois-Lavalette', 'Mansle', 'Châteauneuf-sur-Charente', 'Roumazières-Loubert'],
  '017': ['La Rochelle', 'Saintes', 'Rochefort', 'Royan', 'Saint-Jean-d\'Angély', 'Jonzac', 'Marennes-Hiers-Brouage', 'Surgères', 'Aytré',
    'Lagord', 'Périgny', 'Tonnay-Charente', 'Saujon', 'Pons', 'Montendre', 'Saint-Pierre-d\'Oléron', 'Le Château-d\'Oléron', 'Ars-en-Ré',
    'Marans', 'Matha', 'Aulnay', 'Châtelaillon-Plage', 'La Tremblade', 'Courçon', 'Burie', 'Montguyon'],
  '079': ['Niort', 'Bressuire', 'Parthenay', 'Thouars', 'Melle', 'Saint-Maixent-l\'École', 'Mauléon', 'Cerizay', 'Chef-Boutonne',
    'Aiffres', 'Chauray', 'Mauzé-sur-le-Mignon', 'Frontenay-Rohan-Rohan', 'Airvault', 'Argenton-les-Vallées', 'Champdeniers', 'Coulonges-sur-l\'Autize',
    'Lezay', 'Nueil-les-Aubiers', 'Saint-Varent', 'Celles-sur-Belle', 'Moncoutant-sur-Sèvre'],
  '086': ['Poitiers', 'Châtellerault', 'Buxerolles', 'Chasseneuil-du-Poitou', 'Loudun', 'Montmorillon', 'Civray', 'Jaunay-Marigny', 'Vouillé',
    'Lusignan', 'Mirebeau', 'Neuville-de-Poitou', 'Chauvigny', 'Saint-Benoît', 'Naintré', 'Couhé', 'Gençay', 'L\'Isle-Jourdain', 'Lencloître',
    'Vivonne', 'Saint-Savin', 'Availles-Limouzine', 'Dangé-Saint-Romain', 'Les Trois-Moutiers', 'Migné-Auxances', 'Fontaine-le-Comte'],
};

const PEOPLE = ['Jean Moulin', 'Camille Guérin', 'Victor Hugo', 'Jules Verne', 'Marie Curie', 'Albert Camus', 'Jean Jaurès', 'George Sand', 'Louise Michel',
  'René Descartes', 'Jean Monnet', 'Simone Veil', 'Pierre Loti', 'Eugène Fromentin', 'Romain Rolland', 'Joachim du Bellay', 'Pierre de Ronsard',
  'Aliénor d\'Aquitaine', 'François Rabelais', 'Théophraste Renaudot', 'Jean Rostand', 'Maurice Merleau-Ponty', 'Marguerite Duras', 'Paul Éluard',
  'Antoine de Saint-Exupéry', 'Émile Zola', 'Olympe de Gouges', 'Anatole France', 'Jacques Prévert', 'Gérard Philipe', 'Lucie Aubrac', 'Jean Zay',
  'Alfred de Vigny', 'Samuel de Champlain', 'Henri IV', 'Léonard de Vinci', 'Arthur Rimbaud', 'Colette', 'Jean de La Fontaine', 'Rosa Parks'];

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/** `count` schools spread over the four départements (about Vienne 35 %, Charente-Maritime 30 %, Charente 18 %, Deux-Sèvres 17 %). */
export function poitiersSchools(count: number, seed = 86): DemoSchool[] {
  const rnd = seededRandom(seed);
  const shares: Array<[string, number]> = [['086', 0.35], ['017', 0.3], ['016', 0.18], ['079', 0.17]];
  const next: Record<string, number> = { '016': 1, '017': 1, '079': 1, '086': 21 };
  const used = new Set<string>();
  const schools: DemoSchool[] = [];
  for (let i = 0; i < count; i += 1) {
    let r = rnd();
    const dep = shares.find(([, share]) => (r -= share) < 0)?.[0] ?? '086';
    const digits = `${dep}${String(next[dep]!).padStart(4, '0')}`;
    next[dep]! += 1 + Math.floor(rnd() * 3);
    const commune = pick(rnd, COMMUNES[dep]!);
    const kind = rnd();
    const type = kind < 0.7 ? 'Collège' : kind < 0.9 ? 'Lycée' : 'Lycée professionnel';
    let name = `${type} ${pick(rnd, PEOPLE)}`;
    for (let tries = 0; used.has(`${name}|${commune}`) && tries < 10; tries += 1) name = `${type} ${pick(rnd, PEOPLE)}`;
    used.add(`${name}|${commune}`);
    const machines = rnd() < (type === 'Collège' ? 0.25 : 0.6) ? ['scribe', 'scribe2'] : ['scribe'];
    schools.push({ uai: `${digits}${uaiCheckLetter(digits)}`, name: `${name} — ${commune}`, commune, machines });
  }
  return schools;
}
