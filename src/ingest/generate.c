/*
 * generate.c: realistic sample portfolios for demos, tests and benchmarks.
 *
 * One customer at a time: draw a profile (kind, country, zone, language,
 * currency, name, address), its contacts, a purchase history over the 18
 * months before as_of, and the payments its payer habit produces; write the
 * rows; forget the customer. Everything a customer needs fits in a few
 * fixed arrays (at most GEN_MAX_INVOICES invoices and GEN_MAX_PAYMENTS
 * payments), so memory does not grow with the portfolio.
 *
 * Every customer has its own xoshiro256** stream seeded with splitmix64 from
 * (seed, customer index): the same seed gives the same customer whatever
 * else changes, and chunks of customers could be generated in parallel (the
 * running ref numbers would then need a prefix sum of the per-customer
 * counts). Payments whose date falls after as_of are simply not written,
 * which is what leaves recent and late invoices open at as_of.
 *
 * CSV quoting is codec/csv.c's (libcsv's, quoted only when needed), and the
 * header lines are the field tables' (codec/fields.h): a row here lists the
 * values of the table's first columns in the table's order.
 */
#include "ingest/generate.h"
#include "ingest/outfile.h"
#include "codec/csv.h"
#include "codec/fields.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"

#define GEN_HISTORY_DAYS   547 /* 18 months */
#define GEN_MAX_INVOICES   32
#define GEN_MAX_PAYMENTS   256
#define GEN_PROGRESS_EVERY 8192
#define GEN_ROW_MAX        16384
#define GEN_FIELD_MAX      512
#define GEN_FILES          6

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---------------------------------------------------------------- PRNG */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t index)
{
	uint64_t k = seed;
	uint64_t x = splitmix64(&k) ^ (index * 0xD1B54A32D192ED03ULL);

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** (Blackman and Vigna). */
static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n); the modulo bias is below 2^-40 for the n used here. */
static int rng_below(struct rng *r, int n)
{
	return n > 0 ? (int)(rng_next(r) % (uint64_t)n) : 0;
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
	return hi > lo ? lo + rng_below(r, hi - lo + 1) : lo;
}

/* True with probability per_mille / 1000. */
static int rng_chance(struct rng *r, int per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

/* Index into a table of weights. */
static int rng_weighted(struct rng *r, const int *weights, int n)
{
	int total = 0;
	int pick;

	for (int i = 0; i < n; i++)
		total += weights[i];
	pick = rng_below(r, total);
	for (int i = 0; i < n; i++) {
		if (pick < weights[i])
			return i;
		pick -= weights[i];
	}
	return n - 1;
}

/*
 * 10^(step/20), for log-uniform amounts without floating point: twenty
 * steps per decade, mantissas scaled by 10000.
 */
static int64_t pow10_step(int step)
{
	static const int64_t mantissa[20] = {
		10000, 11220, 12589, 14125, 15849, 17783, 19953, 22387, 25119, 28184,
		31623, 35481, 39811, 44668, 50119, 56234, 63096, 70795, 79433, 89125,
	};
	int64_t v = mantissa[step % 20];

	for (int i = 0; i < step / 20; i++)
		v *= 10;
	return v / 10000;
}

/* ---------------------------------------------------------- the world */

/*
 * Hand-laid tables: short rows aligned as columns, brace macros (N, L, ...)
 * on one line, struct members with their comments in one column. clang-format
 * would re-flow the rows and spread each macro over four lines.
 */
/* clang-format off */

struct nm {
	const char *s;       /* as written */
	const char *a;       /* lower-case ASCII, for e-mail addresses */
	const char *nick;    /* a common nickname, or NULL */
};

/* A surname, with its feminine form where the language has one (Polish). */
struct lnm {
	const char *m, *am;
	const char *f, *af;
};

#define N(s, a) { s, a, NULL }
#define NN(s, a, n) { s, a, n }
#define L(s, a) { s, a, NULL, NULL }
#define LF(m, am, f, af) { m, am, f, af }

struct city {
	const char *name;
	const char *region;  /* state, province, UF; NULL where unused */
	const char *area;    /* telephone area code */
	const char *post;    /* leading part of the postcode */
};

struct zone {
	const char *tz;
	int weight;
	const struct city *cities;
	int ncities;
};

enum country_id { CTRY_US, CTRY_BR, CTRY_PL, CTRY_GB, CTRY_DE, CTRY_CA, CTRY_COUNT };

struct country {
	const char *code;
	const char *currency;
	const char *alt_currency;        /* some companies are invoiced in it */
	const char *tld;
	const struct zone *zones;
	int nzones;
	const struct nm *first_m;
	int nfirst_m;
	const struct nm *first_f;
	int nfirst_f;
	const struct lnm *last;
	int nlast;
	const struct nm *words;          /* for company names */
	int nwords;
	const char *const *trades;
	int ntrades;
	const char *const *streets;
	int nstreets;
	const char *const *email_domains;
	int nemail_domains;
	const char *ap_mailbox;          /* "ap", "financeiro", "faktury", ... */
	const char *const *methods;
	const int *method_weights;
	int nmethods;
	int usd_factor;                  /* local minor units per 100 US cents */
};

#define ARR(a) a, COUNT(a)

static const struct city us_east[] = {
	{ "New York", "NY", "212", "100" }, { "Brooklyn", "NY", "718", "112" },
	{ "Boston", "MA", "617", "021" },   { "Atlanta", "GA", "404", "303" },
	{ "Miami", "FL", "305", "331" },    { "Philadelphia", "PA", "215", "191" },
	{ "Detroit", "MI", "313", "482" },  { "Charlotte", "NC", "704", "282" },
};
static const struct city us_central[] = {
	{ "Chicago", "IL", "312", "606" },     { "Houston", "TX", "713", "770" },
	{ "Dallas", "TX", "214", "752" },      { "Minneapolis", "MN", "612", "554" },
	{ "Nashville", "TN", "615", "372" },   { "Kansas City", "MO", "816", "641" },
};
static const struct city us_mountain[] = {
	{ "Denver", "CO", "303", "802" }, { "Salt Lake City", "UT", "801", "841" },
	{ "Albuquerque", "NM", "505", "871" }, { "Boise", "ID", "208", "837" },
};
static const struct city us_arizona[] = {
	{ "Phoenix", "AZ", "602", "850" }, { "Tucson", "AZ", "520", "857" },
	{ "Mesa", "AZ", "480", "852" },
};
static const struct city us_pacific[] = {
	{ "Los Angeles", "CA", "213", "900" }, { "San Francisco", "CA", "415", "941" },
	{ "San Diego", "CA", "619", "921" },   { "Seattle", "WA", "206", "981" },
	{ "Portland", "OR", "503", "972" },    { "Las Vegas", "NV", "702", "891" },
};
static const struct city us_alaska[] = { { "Anchorage", "AK", "907", "995" } };
static const struct city us_hawaii[] = { { "Honolulu", "HI", "808", "968" } };

static const struct zone us_zones[] = {
	{ "America/New_York", 46, ARR(us_east) },
	{ "America/Chicago", 28, ARR(us_central) },
	{ "America/Denver", 6, ARR(us_mountain) },
	{ "America/Phoenix", 3, ARR(us_arizona) },
	{ "America/Los_Angeles", 15, ARR(us_pacific) },
	{ "America/Anchorage", 1, ARR(us_alaska) },
	{ "Pacific/Honolulu", 1, ARR(us_hawaii) },
};

static const struct city br_sp[] = {
	{ "São Paulo", "SP", "11", "01" },      { "Rio de Janeiro", "RJ", "21", "20" },
	{ "Belo Horizonte", "MG", "31", "30" }, { "Curitiba", "PR", "41", "80" },
	{ "Porto Alegre", "RS", "51", "90" },   { "Brasília", "DF", "61", "70" },
	{ "Campinas", "SP", "19", "13" },       { "Florianópolis", "SC", "48", "88" },
};
static const struct city br_manaus[] = { { "Manaus", "AM", "92", "69" } };
static const struct city br_recife[] = { { "Recife", "PE", "81", "50" }, { "João Pessoa", "PB", "83", "58" } };
static const struct city br_fortaleza[] = { { "Fortaleza", "CE", "85", "60" }, { "São Luís", "MA", "98", "65" } };
static const struct city br_bahia[] = { { "Salvador", "BA", "71", "40" } };
static const struct city br_belem[] = { { "Belém", "PA", "91", "66" } };
static const struct city br_cuiaba[] = { { "Cuiabá", "MT", "65", "78" } };

static const struct zone br_zones[] = {
	{ "America/Sao_Paulo", 72, ARR(br_sp) },
	{ "America/Bahia", 8, ARR(br_bahia) },
	{ "America/Recife", 6, ARR(br_recife) },
	{ "America/Fortaleza", 6, ARR(br_fortaleza) },
	{ "America/Belem", 3, ARR(br_belem) },
	{ "America/Manaus", 3, ARR(br_manaus) },
	{ "America/Cuiaba", 2, ARR(br_cuiaba) },
};

static const struct city pl_cities[] = {
	{ "Warszawa", NULL, "22", "00" }, { "Kraków", NULL, "12", "30" },
	{ "Łódź", NULL, "42", "90" },     { "Wrocław", NULL, "71", "50" },
	{ "Poznań", NULL, "61", "60" },   { "Gdańsk", NULL, "58", "80" },
	{ "Szczecin", NULL, "91", "70" }, { "Białystok", NULL, "85", "15" },
};
static const struct zone pl_zones[] = { { "Europe/Warsaw", 1, ARR(pl_cities) } };

static const struct city gb_cities[] = {
	{ "London", NULL, "20", "SW1A" },   { "London", NULL, "20", "EC2A" },
	{ "Manchester", NULL, "161", "M1" }, { "Birmingham", NULL, "121", "B1" },
	{ "Leeds", NULL, "113", "LS1" },     { "Glasgow", NULL, "141", "G1" },
	{ "Bristol", NULL, "117", "BS1" },   { "Cardiff", NULL, "29", "CF10" },
};
static const struct zone gb_zones[] = { { "Europe/London", 1, ARR(gb_cities) } };

static const struct city de_cities[] = {
	{ "Berlin", NULL, "30", "10" },  { "Hamburg", NULL, "40", "20" },
	{ "München", NULL, "89", "80" }, { "Köln", NULL, "221", "50" },
	{ "Frankfurt am Main", NULL, "69", "60" }, { "Stuttgart", NULL, "711", "70" },
	{ "Düsseldorf", NULL, "211", "40" },       { "Leipzig", NULL, "341", "04" },
};
static const struct zone de_zones[] = { { "Europe/Berlin", 1, ARR(de_cities) } };

static const struct city ca_east[] = {
	{ "Toronto", "ON", "416", "M5V" }, { "Ottawa", "ON", "613", "K1P" },
	{ "Montréal", "QC", "514", "H2X" }, { "Québec", "QC", "418", "G1R" },
};
static const struct city ca_pacific[] = { { "Vancouver", "BC", "604", "V6B" }, { "Victoria", "BC", "250", "V8W" } };
static const struct city ca_mountain[] = { { "Calgary", "AB", "403", "T2P" }, { "Edmonton", "AB", "780", "T5J" } };
static const struct city ca_central[] = { { "Winnipeg", "MB", "204", "R3C" } };
static const struct city ca_atlantic[] = { { "Halifax", "NS", "902", "B3H" } };
static const struct city ca_nl[] = { { "St. John's", "NL", "709", "A1C" } };

static const struct zone ca_zones[] = {
	{ "America/Toronto", 60, ARR(ca_east) },
	{ "America/Vancouver", 15, ARR(ca_pacific) },
	{ "America/Edmonton", 13, ARR(ca_mountain) },
	{ "America/Winnipeg", 5, ARR(ca_central) },
	{ "America/Halifax", 5, ARR(ca_atlantic) },
	{ "America/St_Johns", 2, ARR(ca_nl) },
};

static const struct nm us_first_m[] = {
	NN("James", "james", "Jim"), NN("Robert", "robert", "Bob"), NN("Michael", "michael", "Mike"),
	NN("William", "william", "Bill"), N("David", "david"), N("Carlos", "carlos"),
	N("José", "jose"), N("Kevin", "kevin"), N("Brian", "brian"), NN("Anthony", "anthony", "Tony"),
	N("Daniel", "daniel"), N("DeShawn", "deshawn"), N("Minh", "minh"), N("Tyler", "tyler"),
};
static const struct nm us_first_f[] = {
	N("Mary", "mary"), NN("Jennifer", "jennifer", "Jen"), N("Linda", "linda"),
	NN("Patricia", "patricia", "Pat"), N("María", "maria"), NN("Susan", "susan", "Sue"),
	N("Jessica", "jessica"), N("Ashley", "ashley"), NN("Elizabeth", "elizabeth", "Liz"),
	N("Guadalupe", "guadalupe"), N("Keisha", "keisha"), N("Sarah", "sarah"), N("Mei", "mei"),
};
static const struct lnm us_last[] = {
	L("Smith", "smith"),   L("Johnson", "johnson"),     L("Williams", "williams"),
	L("Brown", "brown"),   L("Jones", "jones"),         L("García", "garcia"),
	L("Miller", "miller"), L("Davis", "davis"),         L("Rodríguez", "rodriguez"),
	L("Martinez", "martinez"), L("Hernández", "hernandez"), L("Lopez", "lopez"),
	L("Wilson", "wilson"), L("Anderson", "anderson"),   L("Thomas", "thomas"),
	L("Taylor", "taylor"), L("Moore", "moore"),         L("Jackson", "jackson"),
	L("Nguyen", "nguyen"), L("Kim", "kim"),             L("O'Brien", "obrien"),
	L("Washington", "washington"), L("Kowalski", "kowalski"), L("Patel", "patel"),
};
static const struct nm us_words[] = {
	N("Blue Ridge", "blueridge"), N("Lakeside", "lakeside"), N("Summit", "summit"),
	N("Pioneer", "pioneer"),     N("Redwood", "redwood"),   N("Harbor", "harbor"),
	N("Keystone", "keystone"),   N("Lone Star", "lonestar"), N("Great Plains", "greatplains"),
	N("Mom & Pop", "momandpop"),
};
static const char *const us_trades[] = {
	"Supply", "Hardware", "Logistics", "Foods", "Dental Care", "Auto Parts", "Software",
	"Construction", "Medical Group", "Printing",
};
static const char *const us_streets[] = {
	"Main St", "Oak Ave", "Maple St", "Washington Blvd", "Elm St", "Park Ave", "Lincoln Rd",
	"Cedar Ln", "Sunset Blvd", "Lake Shore Dr", "Peachtree St", "Market St",
};
static const char *const us_mail[] = { "gmail.com", "yahoo.com", "outlook.com", "aol.com", "icloud.com", "comcast.net" };
static const char *const us_methods[] = { "ach", "card", "cheque", "transfer" };
static const int us_method_w[] = { 35, 30, 20, 15 };

static const struct nm br_first_m[] = {
	N("João", "joao"),   N("José", "jose"),   N("Antônio", "antonio"), N("Francisco", "francisco"),
	N("Carlos", "carlos"), N("Paulo", "paulo"), N("Pedro", "pedro"),   N("Lucas", "lucas"),
	N("Luiz", "luiz"),   N("Marcos", "marcos"), N("Gabriel", "gabriel"), N("Sebastião", "sebastiao"),
};
static const struct nm br_first_f[] = {
	N("Maria", "maria"), N("Ana", "ana"), N("Francisca", "francisca"), N("Antônia", "antonia"),
	N("Adriana", "adriana"), N("Juliana", "juliana"), N("Márcia", "marcia"), N("Fernanda", "fernanda"),
	N("Patrícia", "patricia"), N("Aline", "aline"), N("Letícia", "leticia"), N("Maria da Conceição", "mariaconceicao"),
};
static const struct lnm br_last[] = {
	L("Silva", "silva"),     L("Santos", "santos"),   L("Oliveira", "oliveira"),
	L("Souza", "souza"),     L("Rodrigues", "rodrigues"), L("Ferreira", "ferreira"),
	L("Alves", "alves"),     L("Pereira", "pereira"), L("Lima", "lima"),
	L("Gomes", "gomes"),     L("Ribeiro", "ribeiro"), L("Carvalho", "carvalho"),
	L("Conceição", "conceicao"), L("Araújo", "araujo"), L("Gonçalves", "goncalves"),
	L("Magalhães", "magalhaes"), L("Nascimento", "nascimento"), L("Assunção", "assuncao"),
};
static const struct nm br_words[] = {
	N("Aurora", "aurora"), N("Horizonte", "horizonte"), N("Paulista", "paulista"),
	N("Atlântico", "atlantico"), N("Cerrado", "cerrado"), N("Ipê Amarelo", "ipeamarelo"),
	N("Guanabara", "guanabara"), N("Pão Quente", "paoquente"), N("Boa Esperança", "boaesperanca"),
};
static const char *const br_trades[] = {
	"Distribuidora", "Comércio de Alimentos", "Materiais de Construção", "Transportes",
	"Informática", "Farmácia", "Padaria", "Autopeças", "Clínica Odontológica",
};
static const char *const br_streets[] = {
	"Rua das Flores", "Avenida Paulista", "Rua XV de Novembro", "Rua Barão de Mauá",
	"Avenida Sete de Setembro", "Rua São João", "Avenida Brasil", "Rua da Consolação",
	"Travessa do Comércio", "Rua Voluntários da Pátria",
};
static const char *const br_mail[] = { "gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "terra.com.br", "yahoo.com.br" };
static const char *const br_methods[] = { "boleto", "pix", "transfer", "card" };
static const int br_method_w[] = { 40, 35, 15, 10 };

static const struct nm pl_first_m[] = {
	N("Łukasz", "lukasz"), N("Piotr", "piotr"), N("Krzysztof", "krzysztof"), N("Andrzej", "andrzej"),
	N("Tomasz", "tomasz"), N("Paweł", "pawel"), N("Michał", "michal"),       N("Marcin", "marcin"),
	N("Jakub", "jakub"),   N("Grzegorz", "grzegorz"), N("Mateusz", "mateusz"), N("Wojciech", "wojciech"),
};
static const struct nm pl_first_f[] = {
	N("Anna", "anna"), N("Maria", "maria"), N("Katarzyna", "katarzyna"), N("Małgorzata", "malgorzata"),
	N("Agnieszka", "agnieszka"), N("Barbara", "barbara"), N("Ewa", "ewa"), N("Krystyna", "krystyna"),
	N("Magdalena", "magdalena"), N("Joanna", "joanna"), N("Zofia", "zofia"), N("Żaneta", "zaneta"),
};
static const struct lnm pl_last[] = {
	L("Nowak", "nowak"),
	LF("Kowalski", "kowalski", "Kowalska", "kowalska"),
	LF("Wiśniewski", "wisniewski", "Wiśniewska", "wisniewska"),
	L("Wójcik", "wojcik"),
	L("Kowalczyk", "kowalczyk"),
	LF("Kamiński", "kaminski", "Kamińska", "kaminska"),
	LF("Lewandowski", "lewandowski", "Lewandowska", "lewandowska"),
	LF("Zieliński", "zielinski", "Zielińska", "zielinska"),
	LF("Szymański", "szymanski", "Szymańska", "szymanska"),
	L("Woźniak", "wozniak"),
	LF("Dąbrowski", "dabrowski", "Dąbrowska", "dabrowska"),
	LF("Kozłowski", "kozlowski", "Kozłowska", "kozlowska"),
	L("Mazur", "mazur"),
	L("Krawczyk", "krawczyk"),
	LF("Grabowski", "grabowski", "Grabowska", "grabowska"),
	LF("Pawłowski", "pawlowski", "Pawłowska", "pawlowska"),
};
static const struct nm pl_words[] = {
	N("Pod Lipami", "podlipami"), N("Bałtyk", "baltyk"), N("Mazowsze", "mazowsze"),
	N("Orzeł", "orzel"), N("Wisła", "wisla"), N("Tatry", "tatry"), N("Jantar", "jantar"),
	N("Źródło", "zrodlo"),
};
static const char *const pl_trades[] = {
	"Przedsiębiorstwo Handlowe", "Zakład Usługowy", "Hurtownia", "Biuro Rachunkowe",
	"Przedsiębiorstwo Transportowe", "Piekarnia", "Gabinet Stomatologiczny",
};
static const char *const pl_streets[] = {
	"ul. Długa", "ul. Piękna", "ul. Marszałkowska", "ul. Świętokrzyska", "ul. Żeromskiego",
	"ul. Kościuszki", "ul. Mickiewicza", "ul. Słowackiego", "ul. Ogrodowa", "al. Jerozolimskie",
};
static const char *const pl_mail[] = { "wp.pl", "onet.pl", "gmail.com", "interia.pl", "o2.pl" };
static const char *const pl_methods[] = { "transfer", "card" };
static const int pl_method_w[] = { 78, 22 };

static const struct nm gb_first_m[] = {
	N("Oliver", "oliver"), N("George", "george"), N("Harry", "harry"), N("Jack", "jack"),
	NN("Thomas", "thomas", "Tom"), N("James", "james"), N("William", "william"),
	N("Mohammed", "mohammed"), N("Callum", "callum"), N("Rhys", "rhys"), N("Seán", "sean"),
};
static const struct nm gb_first_f[] = {
	N("Olivia", "olivia"), N("Amelia", "amelia"), N("Isla", "isla"), N("Emily", "emily"),
	NN("Charlotte", "charlotte", "Lottie"), N("Sophie", "sophie"), N("Chloe", "chloe"),
	N("Siobhán", "siobhan"), N("Niamh", "niamh"), N("Aisha", "aisha"), N("Zoë", "zoe"),
};
static const struct lnm gb_last[] = {
	L("Smith", "smith"),   L("Jones", "jones"),   L("Taylor", "taylor"),  L("Brown", "brown"),
	L("Williams", "williams"), L("Wilson", "wilson"), L("Davies", "davies"), L("Patel", "patel"),
	L("Robinson", "robinson"), L("Wright", "wright"), L("Thompson", "thompson"), L("Evans", "evans"),
	L("O'Connor", "oconnor"), L("Khan", "khan"), L("MacDonald", "macdonald"), L("Hughes", "hughes"),
};
static const struct nm gb_words[] = {
	N("Thames", "thames"), N("Pennine", "pennine"), N("Cotswold", "cotswold"),
	N("Highland", "highland"), N("Albion", "albion"), N("Kingsway", "kingsway"),
};
static const char *const gb_trades[] = {
	"Logistics", "Builders Merchants", "Foods", "Engineering", "Print", "Garden Supplies",
	"Veterinary Practice",
};
static const char *const gb_streets[] = {
	"High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "King's Road",
	"Queen Street", "The Green",
};
static const char *const gb_mail[] = { "gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk", "sky.com" };
static const char *const gb_methods[] = { "transfer", "direct_debit", "card", "cheque" };
static const int gb_method_w[] = { 45, 30, 20, 5 };

static const struct nm de_first_m[] = {
	N("Jürgen", "juergen"), N("Thomas", "thomas"), N("Michael", "michael"), N("Andreas", "andreas"),
	N("Stefan", "stefan"),  N("Klaus", "klaus"),   N("Jörg", "joerg"),     N("Matthias", "matthias"),
	N("Lukas", "lukas"),    N("Maximilian", "maximilian"), N("Günter", "guenter"), N("Felix", "felix"),
};
static const struct nm de_first_f[] = {
	N("Ursula", "ursula"), N("Sabine", "sabine"), N("Monika", "monika"), N("Petra", "petra"),
	N("Jana", "jana"),     N("Anna", "anna"),     N("Lena", "lena"),     N("Sophie", "sophie"),
	N("Jutta", "jutta"),   N("Brigitte", "brigitte"), N("Käthe", "kaethe"), N("Hannah", "hannah"),
};
static const struct lnm de_last[] = {
	L("Müller", "mueller"),   L("Schmidt", "schmidt"), L("Schneider", "schneider"),
	L("Fischer", "fischer"),  L("Weber", "weber"),     L("Meyer", "meyer"),
	L("Wagner", "wagner"),    L("Becker", "becker"),   L("Schulz", "schulz"),
	L("Hoffmann", "hoffmann"), L("Schäfer", "schaefer"), L("Koch", "koch"),
	L("Bauer", "bauer"),      L("Richter", "richter"), L("Klein", "klein"),
	L("Schröder", "schroeder"), L("Weiß", "weiss"),    L("Krüger", "krueger"),
	L("Groß", "gross"),       L("Yılmaz", "yilmaz"),
};
static const struct nm de_words[] = {
	N("Nordlicht", "nordlicht"), N("Alpen", "alpen"), N("Rheintal", "rheintal"),
	N("Schwarzwald", "schwarzwald"), N("Elbe", "elbe"), N("Isar", "isar"),
};
static const char *const de_trades[] = {
	"Maschinenbau", "Bäckerei", "Logistik", "Elektrotechnik", "Baustoffe", "Autohaus", "Zahnarztpraxis",
};
static const char *const de_streets[] = {
	"Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Lindenallee", "Am Mühlbach",
	"Gartenweg", "Königsallee",
};
static const char *const de_mail[] = { "gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de" };
static const char *const de_methods[] = { "transfer", "direct_debit", "card" };
static const int de_method_w[] = { 55, 35, 10 };

static const struct nm ca_first_m[] = {
	N("Liam", "liam"), N("Noah", "noah"), N("Jean-François", "jeanfrancois"), N("Étienne", "etienne"),
	N("Mathieu", "mathieu"), N("Ethan", "ethan"), N("Connor", "connor"), N("Raj", "raj"),
	N("Wei", "wei"), N("Pierre", "pierre"), N("Owen", "owen"),
};
static const struct nm ca_first_f[] = {
	N("Emma", "emma"), N("Chloé", "chloe"), N("Olivia", "olivia"), N("Geneviève", "genevieve"),
	N("Isabelle", "isabelle"), N("Sophie", "sophie"), N("Amélie", "amelie"), N("Hélène", "helene"),
	N("Priya", "priya"), N("Zoé", "zoe"), N("Claire", "claire"),
};
static const struct lnm ca_last[] = {
	L("Tremblay", "tremblay"), L("Gagnon", "gagnon"), L("Roy", "roy"),     L("Côté", "cote"),
	L("Bouchard", "bouchard"), L("Gauthier", "gauthier"), L("Morin", "morin"), L("Lavoie", "lavoie"),
	L("Smith", "smith"), L("Brown", "brown"), L("MacDonald", "macdonald"), L("Campbell", "campbell"),
	L("Singh", "singh"), L("Chen", "chen"), L("Bélanger", "belanger"),
};
static const struct nm ca_words[] = {
	N("Maple Leaf", "mapleleaf"), N("Northern", "northern"), N("Laurentian", "laurentian"),
	N("Prairie", "prairie"), N("Pacific Rim", "pacificrim"), N("Algonquin", "algonquin"),
};
static const char *const ca_trades[] = {
	"Distribution", "Hardware", "Logistics", "Foods", "Construction", "Software",
};
static const char *const ca_streets[] = {
	"Yonge St", "King St W", "Rue Sainte-Catherine", "Granville St", "Jasper Ave", "Portage Ave",
	"Barrington St", "Main St",
};
static const char *const ca_mail[] = { "gmail.com", "outlook.com", "videotron.ca", "shaw.ca", "rogers.com" };
static const char *const ca_methods[] = { "transfer", "card", "cheque" };
static const int ca_method_w[] = { 50, 30, 20 };

/* usd_factor: local minor units per 100 US cents, rounded (amounts only
 * need to look plausible, not to follow a market rate). */
static const struct country countries[CTRY_COUNT] = {
	[CTRY_US] = { "US", "USD", "CAD", ".com", ARR(us_zones), ARR(us_first_m), ARR(us_first_f),
		      ARR(us_last), ARR(us_words), ARR(us_trades), ARR(us_streets), ARR(us_mail),
		      "ap", us_methods, us_method_w, COUNT(us_methods), 100 },
	[CTRY_BR] = { "BR", "BRL", "USD", ".com.br", ARR(br_zones), ARR(br_first_m), ARR(br_first_f),
		      ARR(br_last), ARR(br_words), ARR(br_trades), ARR(br_streets), ARR(br_mail),
		      "financeiro", br_methods, br_method_w, COUNT(br_methods), 520 },
	[CTRY_PL] = { "PL", "PLN", "EUR", ".pl", ARR(pl_zones), ARR(pl_first_m), ARR(pl_first_f),
		      ARR(pl_last), ARR(pl_words), ARR(pl_trades), ARR(pl_streets), ARR(pl_mail),
		      "faktury", pl_methods, pl_method_w, COUNT(pl_methods), 400 },
	[CTRY_GB] = { "GB", "GBP", "EUR", ".co.uk", ARR(gb_zones), ARR(gb_first_m), ARR(gb_first_f),
		      ARR(gb_last), ARR(gb_words), ARR(gb_trades), ARR(gb_streets), ARR(gb_mail),
		      "accounts", gb_methods, gb_method_w, COUNT(gb_methods), 79 },
	[CTRY_DE] = { "DE", "EUR", "USD", ".de", ARR(de_zones), ARR(de_first_m), ARR(de_first_f),
		      ARR(de_last), ARR(de_words), ARR(de_trades), ARR(de_streets), ARR(de_mail),
		      "buchhaltung", de_methods, de_method_w, COUNT(de_methods), 92 },
	[CTRY_CA] = { "CA", "CAD", "USD", ".ca", ARR(ca_zones), ARR(ca_first_m), ARR(ca_first_f),
		      ARR(ca_last), ARR(ca_words), ARR(ca_trades), ARR(ca_streets), ARR(ca_mail),
		      "ap", ca_methods, ca_method_w, COUNT(ca_methods), 135 },
};

/* Share of customers per country, in per cent. */
static const int country_weights[CTRY_COUNT] = {
	[CTRY_US] = 35, [CTRY_BR] = 20, [CTRY_PL] = 12, [CTRY_GB] = 13, [CTRY_DE] = 15, [CTRY_CA] = 5,
};

/* What invoices are for, by language: consumer lines, then business lines. */
struct descriptions {
	const char *lang;
	const char *person[6];
	const char *company[6];
};

static const struct descriptions descriptions[] = {
	{ "en", { "Monthly subscription", "Online order", "Dental treatment", "Home internet, 300 Mbps plan",
		  "Tuition fee", "Repair service" },
	  { "Office supplies", "Consulting services", "Freight, pallets and handling", "Software licence, annual",
	    "Maintenance contract", "Spare parts" } },
	{ "pt", { "Mensalidade", "Pedido online", "Tratamento odontológico", "Plano de internet 300 Mega",
		  "Mensalidade escolar", "Serviço de manutenção" },
	  { "Material de escritório", "Consultoria", "Frete, paletes e armazenagem", "Licença de software, anual",
	    "Contrato de manutenção", "Peças de reposição" } },
	{ "pl", { "Abonament miesięczny", "Zamówienie internetowe", "Leczenie stomatologiczne", "Internet domowy 300 Mb/s",
		  "Czesne", "Usługa naprawy" },
	  { "Materiały biurowe", "Usługi doradcze", "Transport, palety i rozładunek", "Licencja na oprogramowanie, roczna",
	    "Umowa serwisowa", "Części zamienne" } },
	{ "de", { "Monatsabonnement", "Online-Bestellung", "Zahnbehandlung", "Internet zu Hause, 300 Mbit/s",
		  "Schulgeld", "Reparaturleistung" },
	  { "Büromaterial", "Beratungsleistungen", "Fracht, Paletten und Handling", "Softwarelizenz, jährlich",
	    "Wartungsvertrag", "Ersatzteile" } },
	{ "fr", { "Abonnement mensuel", "Commande en ligne", "Soins dentaires", "Internet résidentiel 300 Mb/s",
		  "Frais de scolarité", "Service de réparation" },
	  { "Fournitures de bureau", "Services-conseils", "Transport, palettes et manutention", "Licence logicielle, annuelle",
	    "Contrat d'entretien", "Pièces de rechange" } },
};

/*
 * Segments (docs/csv.md): a few tags a credit team would put on accounts,
 * with their odds per mille for companies and persons, in byte order (the
 * order recoup stores them in); and the product line of each description
 * line above, the same in every language.
 */
static const struct {
	const char *tag;
	int company, person;
} tag_odds[] = {
	{ "employee", 0, 8 },      { "key-account", 70, 0 }, { "new-customer", 60, 60 },
	{ "public-sector", 40, 0 }, { "reseller", 90, 0 },    { "vip", 0, 20 },
};
/* plain words (no comma, quote or line break): written as they are, by out_plain */
#define PRODUCT(s) { s, sizeof(s) - 1 }
static const struct {
	const char *name;
	size_t len;
} products[2][6] = {
	{ PRODUCT("subscription"), PRODUCT("online-order"), PRODUCT("dental"), PRODUCT("broadband"),
	  PRODUCT("tuition"), PRODUCT("repairs") },
	{ PRODUCT("office-supplies"), PRODUCT("consulting"), PRODUCT("freight"), PRODUCT("software"),
	  PRODUCT("maintenance"), PRODUCT("spare-parts") },
};
#undef PRODUCT

static const char *const best_times[] = { "09:00-11:00", "14:30-16:00", "08:00-10:00", "10:00-12:00", "17:00-19:00" };

static const char *const ap_notes[] = {
	"invoices must quote the PO number",
	"payment run on Thursdays",
	"pays on the 15th and on the last working day of the month",
	"send statements by e-mail, not by post",
	"left a message with \"Susie\", she said the invoice is approved",
	"needs the signed delivery note before paying",
};
static const char *const owner_notes[] = {
	"decision maker; escalate only after accounts payable",
	"",
	"prefers a call to e-mail, mornings only",
};
static const char *const secretary_notes[] = {
	"gatekeeper; say it is about an invoice",
	"takes messages, passes them on the same day",
	"",
};
static const char *const spouse_notes[] = {
	"shares the household account",
	"",
	"answers the landline, \"call after six\"",
};
static const char *const third_party_notes[] = {
	"employer; only to locate the debtor",
	"landlord; location information only",
	"neighbour, gave a new phone number once",
};
static const char *const work_notes[] = {
	"work phone; the employer forbids calls at work",
	"work phone, desk line",
};

/* clang-format on */

/* ------------------------------------------------------- the customer */

enum habit { HABIT_ON_TIME, HABIT_OCCASIONAL, HABIT_CHRONIC, HABIT_PARTIAL, HABIT_DEFAULTER, HABIT_COUNT };

/*
 * How a book pays, per profile (docs/generate.md has the figures each one
 * lands on and why). `distressed` is the book this generator always wrote:
 * every number below is the one it used, so its draws, and its invoices and
 * payments, are unchanged. `average` and `healthy` have fewer late payers,
 * shorter delays, and no debt left open for ever: an invoice a real company
 * would have written off or collected through an agency long ago is, here,
 * collected late (settle_late), since a book only carries what is still
 * being worked.
 */
struct pay_profile {
	const char *name;
	int habit_weights[HABIT_COUNT];        /* per cent */
	int on_time_late;                      /* per mille of an on-time payer's invoices paid 1-10 days late */
	int occasional_late;                   /* per mille of an occasional payer's invoices paid late */
	int occasional_max;                    /* ... by 5..this many days */
	int chronic_min, chronic_a, chronic_b; /* chronic delay: min + 0..a + 0..b days */
	int chronic_unpaid;                    /* per mille of a chronic payer's invoices never paid */
	int partial_never;                     /* per cent of partial payers' rests never paid */
	int default_recent;                    /* a defaulter stops within this many days of as-of; 0: any time */
	int settle_after;                      /* unpaid this long after due: collected late; 0: never */
	int replaced;                          /* per mille of returned payments made good 3-20 days later */
	int terms_w[4];                        /* companies' terms of 15, 30, 45, 60 days, per cent */
	int promise_kept;                      /* per mille of promises made within 45 days of the payment kept */
};

/* One profile a row, fields in the struct's order. */
/* clang-format off */
static const struct pay_profile pay_profiles[GENERATE_PROFILE_COUNT] = {
	[GENERATE_AVERAGE] = { "average", { 68, 16, 8, 5, 3 }, 50, 170, 30, 6, 20, 30, 30, 12, 150, 180, 1000,
			       { 15, 55, 15, 15 }, 900 },
	[GENERATE_HEALTHY] = { "healthy", { 72, 15, 7, 4, 2 }, 30, 150, 20, 5, 15, 20, 20, 8, 120, 120, 1000,
			       { 10, 50, 20, 20 }, 880 },
	[GENERATE_DISTRESSED] = { "distressed", { 55, 15, 12, 10, 8 }, 60, 250, 45, 15, 40, 70, 80, 25, 0, 0, 800,
				  { 10, 45, 20, 25 }, 600 },
};
/* clang-format on */

struct gen_invoice {
	date_t issue;
	date_t due;
	int64_t amount;
	char ref[24];
};

struct gen_payment {
	date_t date;
	int seq;     /* order of creation: ties keep it */
	int invoice; /* index into invoices, -1: unnamed */
	int target;  /* the invoice it pays, named or not */
	int64_t amount;
	const char *method;
	int returned;
	date_t returned_on; /* when returned: the day the bank sent it back */
};

struct gen_person {
	const struct nm *first;
	const char *last;
	const char *last_ascii;
	int female;
};

struct gen_customer {
	char ref[16];
	int company;
	const struct country *c;
	int country_id;
	const struct zone *zone;
	const struct city *city;
	const char *timezone; /* "" when left unknown */
	const char *language;
	const struct descriptions *desc;
	const char *currency;
	int exponent;
	int factor;               /* local minor units per 100 US cents */
	struct gen_person person; /* the debtor (persons) or the owner */
	char name[256];
	char domain[96];
	char email[128];
	char phone[40];
	char address[320];
	int64_t credit_limit;
	int64_t typical; /* typical invoice, US cents */
	int terms;       /* days from issue to due */
	int habit;
	const char *method; /* preferred payment method */
	int ninvoices;
	struct gen_invoice inv[GEN_MAX_INVOICES];
	int npayments;
	struct gen_payment pay[GEN_MAX_PAYMENTS];
	int seq;
	/* whom collections reach: the contact who pays the bills (companies) or the customer */
	char payer_ref[32];
	char payer_name[160];
	int payer_phone, payer_email;
	char tags[TAGS_MAX + 1]; /* in byte order, as recoup stores them */
};

/* ------------------------------------------------------- CSV writing */

struct out {
	FILE *f;
	int first;
	size_t len;
	char buf[GEN_ROW_MAX];
};

struct gen {
	const struct generate_options *o;
	const struct pay_profile *pp; /* o->profile's */
	struct out files[GEN_FILES];
	int cust_width;
	int ref_width;
	long long contact_no;
	long long invoice_no;
	long long payment_no;
	long long attempt_no;
	long long flag_no;
	char last_contact[32]; /* the ref write_contact wrote last */
	struct generate_result counts;
	date_t dates_from; /* formatted dates cached for a window */
	int ndates;
	char (*dates)[DATE_TEXT_MAX];
	struct gen_customer cust; /* the one customer being generated */
};

enum { OUT_CUSTOMERS, OUT_CONTACTS, OUT_INVOICES, OUT_PAYMENTS, OUT_HISTORY, OUT_FLAGS };

static void out_field(struct out *o, const char *s)
{
	size_t n = strlen(s);
	size_t room;

	/* Fields are short and bounded by this file: a row never nears GEN_ROW_MAX. */
	if (n > GEN_FIELD_MAX)
		n = GEN_FIELD_MAX;
	if (!o->first)
		o->buf[o->len++] = ',';
	o->first = 0;
	room = sizeof(o->buf) - o->len - 2;
	o->len += codec_csv_field_buf(o->buf + o->len, room, s, n);
}

/*
 * A field known to need no quotes (no comma, quote or line break), of known
 * length: the products, one per invoice, skip the scan out_field makes.
 */
static void out_plain(struct out *o, const char *s, size_t n)
{
	if (!o->first)
		o->buf[o->len++] = ',';
	o->first = 0;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_end(struct out *o)
{
	o->buf[o->len++] = '\n';
	fwrite(o->buf, 1, o->len, o->f);
	o->len = 0;
	o->first = 1;
}

static void out_row(struct out *o, const char *const *fields, int n)
{
	for (int i = 0; i < n; i++)
		out_field(o, fields[i]);
	out_end(o);
}

/*
 * "PREFIX" + n zero-padded to width digits; wider numbers just get longer,
 * so refs stay unique past the width. Hand-rolled because it runs for every
 * row and snprintf was a fifth of the run time.
 */
static void format_ref(char *buf, size_t size, const char *prefix, int width, long long n)
{
	char digits_rev[24];
	int nd = 0;
	size_t len = strlen(prefix);
	unsigned long long v = n > 0 ? (unsigned long long)n : 0;

	do {
		digits_rev[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && nd < (int)sizeof(digits_rev));
	if (len + (size_t)(nd > width ? nd : width) + 1 > size) {
		buf[0] = '\0';
		return;
	}
	memcpy(buf, prefix, len);
	for (int i = nd; i < width; i++)
		buf[len++] = '0';
	while (nd > 0)
		buf[len++] = digits_rev[--nd];
	buf[len] = '\0';
}

static const char *gen_date(struct gen *g, date_t d, char *buf)
{
	int i = d - g->dates_from;

	if (i >= 0 && i < g->ndates)
		return g->dates[i];
	return date_format(d, buf, DATE_TEXT_MAX);
}

static const char *gen_money(const struct gen_customer *c, int64_t amount, char *buf)
{
	return money_format(amount, c->exponent, buf, MONEY_TEXT_MAX);
}

/* ------------------------------------------------------- the profile */

static void pick_person(struct rng *r, const struct country *c, int female, struct gen_person *p)
{
	const struct lnm *last = &c->last[rng_below(r, c->nlast)];

	p->female = female;
	p->first = female ? &c->first_f[rng_below(r, c->nfirst_f)] : &c->first_m[rng_below(r, c->nfirst_m)];
	p->last = female && last->f ? last->f : last->m;
	p->last_ascii = female && last->af ? last->af : last->am;
}

static void digits(struct rng *r, char *buf, int n)
{
	for (int i = 0; i < n; i++)
		buf[i] = (char)('0' + rng_below(r, 10));
	buf[n] = '\0';
}

/* E.164 numbers with the city's area code, so a zone can be read off them. */
static void make_phone(struct rng *r, int country_id, const struct city *city, int mobile, char *buf, size_t size)
{
	static const char *const pl_mobile[] = { "501", "502", "511", "530", "570", "600", "601",
						 "660", "690", "720", "780", "790", "880" };
	static const char *const de_mobile[] = { "151", "152", "160", "170", "171", "172", "175", "176", "177", "179" };
	char d[16];

	switch (country_id) {
	case CTRY_US:
	case CTRY_CA:
		digits(r, d, 6);
		snprintf(buf, size, "+1%s%c%s", city->area, (char)('2' + rng_below(r, 8)), d);
		break;
	case CTRY_BR:
		digits(r, d, 7);
		if (mobile)
			snprintf(buf, size, "+55%s9%c%s", city->area, (char)('6' + rng_below(r, 4)), d);
		else
			snprintf(buf, size, "+55%s%c%s", city->area, (char)('2' + rng_below(r, 4)), d);
		break;
	case CTRY_PL:
		if (mobile) {
			digits(r, d, 6);
			snprintf(buf, size, "+48%s%s", pl_mobile[rng_below(r, COUNT(pl_mobile))], d);
		} else {
			digits(r, d, 7);
			snprintf(buf, size, "+48%s%s", city->area, d);
		}
		break;
	case CTRY_GB:
		if (mobile) {
			digits(r, d, 9);
			snprintf(buf, size, "+447%s", d);
		} else {
			digits(r, d, 10 - (int)strlen(city->area));
			snprintf(buf, size, "+44%s%s", city->area, d);
		}
		break;
	default:
		if (mobile) {
			digits(r, d, 8);
			snprintf(buf, size, "+49%s%s", de_mobile[rng_below(r, COUNT(de_mobile))], d);
		} else {
			digits(r, d, 7);
			snprintf(buf, size, "+49%s%s", city->area, d);
		}
		break;
	}
}

static void make_address(struct rng *r, struct gen_customer *c)
{
	static const char gb_letters[] = "ABDEFGHJLNPQRSTUWXYZ";
	static const char ca_letters[] = "ABCEGHJKLMNPRSTVWXYZ";
	const char *street = c->c->streets[rng_below(r, c->c->nstreets)];
	const struct city *city = c->city;
	int num = rng_range(r, 1, c->country_id == CTRY_US || c->country_id == CTRY_CA ? 9999 : 250);
	char suite[40] = "";

	switch (c->country_id) {
	case CTRY_US:
		if (c->company && rng_chance(r, 400))
			snprintf(suite, sizeof(suite), ", Suite %d", rng_range(r, 1, 40) * 10);
		snprintf(c->address, sizeof(c->address), "%d %s%s, %s, %s %s%02d", num, street, suite, city->name,
			 city->region, city->post, rng_below(r, 100));
		break;
	case CTRY_CA:
		if (c->company && rng_chance(r, 300))
			snprintf(suite, sizeof(suite), ", Suite %d", rng_range(r, 1, 40) * 10);
		snprintf(c->address, sizeof(c->address), "%d %s%s, %s, %s %s %d%c%d", num, street, suite, city->name,
			 city->region, city->post, rng_below(r, 10), ca_letters[rng_below(r, 20)], rng_below(r, 10));
		break;
	case CTRY_BR:
		if (rng_chance(r, 400))
			snprintf(suite, sizeof(suite), c->company ? ", sala %d" : ", apto %d", rng_range(r, 11, 1504));
		snprintf(c->address, sizeof(c->address), "%s, %d%s, %s - %s, %s%03d-%03d", street, num, suite,
			 city->name, city->region, city->post, rng_below(r, 1000), rng_below(r, 1000));
		break;
	case CTRY_PL:
		if (rng_chance(r, 500))
			snprintf(suite, sizeof(suite), "/%d", rng_range(r, 1, 120));
		snprintf(c->address, sizeof(c->address), "%s %d%s, %s-%03d %s", street, num, suite, city->post,
			 rng_below(r, 1000), city->name);
		break;
	case CTRY_GB:
		snprintf(c->address, sizeof(c->address), "%d %s, %s %s %d%c%c", num, street, city->name, city->post,
			 rng_below(r, 10), gb_letters[rng_below(r, 20)], gb_letters[rng_below(r, 20)]);
		break;
	default:
		snprintf(c->address, sizeof(c->address), "%s %d, %s%03d %s", street, num, city->post,
			 rng_below(r, 1000), city->name);
		break;
	}
}

static void make_company_name(struct rng *r, struct gen_customer *c)
{
	const struct country *ct = c->c;
	const struct nm *word = &ct->words[rng_below(r, ct->nwords)];
	const char *trade = ct->trades[rng_below(r, ct->ntrades)];
	const struct lnm *l1 = &ct->last[rng_below(r, ct->nlast)];
	const struct lnm *l2 = &ct->last[rng_below(r, ct->nlast)];
	int pattern = rng_below(r, 4);
	const char *slug = pattern < 2 ? l1->am : word->a;

	switch (c->country_id) {
	case CTRY_US:
	case CTRY_CA:
		if (pattern == 0)
			snprintf(c->name, sizeof(c->name), "%s, %s & Associates %s", l1->m, l2->m,
				 c->country_id == CTRY_US ? "LLC" : "Ltd.");
		else if (pattern == 1)
			snprintf(c->name, sizeof(c->name), "%s %s Inc.", l1->m, trade);
		else if (pattern == 2)
			snprintf(c->name, sizeof(c->name), "%s %s Co.", word->s, trade);
		else
			snprintf(c->name, sizeof(c->name), "\"%s\" %s %s", word->s, trade,
				 c->country_id == CTRY_US ? "LLC" : "Ltée");
		break;
	case CTRY_BR:
		if (pattern == 0)
			snprintf(c->name, sizeof(c->name), "%s & Filhos Ltda.", l1->m);
		else if (pattern == 1)
			snprintf(c->name, sizeof(c->name), "%s %s Ltda.", trade, l1->m);
		else if (pattern == 2)
			snprintf(c->name, sizeof(c->name), "%s %s S.A.", word->s, trade);
		else
			snprintf(c->name, sizeof(c->name), "%s \"%s\" Ltda. ME", trade, word->s);
		break;
	case CTRY_PL:
		if (pattern == 0)
			snprintf(c->name, sizeof(c->name), "%s i Wspólnicy Sp.j.", l1->m);
		else if (pattern == 1)
			snprintf(c->name, sizeof(c->name), "PHU %s %s", l1->m, trade);
		else if (pattern == 2)
			snprintf(c->name, sizeof(c->name), "%s S.A.", word->s);
		else
			snprintf(c->name, sizeof(c->name), "%s \"%s\" Sp. z o.o.", trade, word->s);
		break;
	case CTRY_GB:
		if (pattern == 0)
			snprintf(c->name, sizeof(c->name), "%s, %s & Co. LLP", l1->m, l2->m);
		else if (pattern == 1)
			snprintf(c->name, sizeof(c->name), "%s & Sons Ltd", l1->m);
		else if (pattern == 2)
			snprintf(c->name, sizeof(c->name), "%s %s Ltd", word->s, trade);
		else
			snprintf(c->name, sizeof(c->name), "%s %s plc", word->s, trade);
		break;
	default:
		if (pattern == 0)
			snprintf(c->name, sizeof(c->name), "%s GmbH", l1->m);
		else if (pattern == 1)
			snprintf(c->name, sizeof(c->name), "%s & Söhne KG", l1->m);
		else if (pattern == 2)
			snprintf(c->name, sizeof(c->name), "%s %s GmbH & Co. KG", word->s, trade);
		else
			snprintf(c->name, sizeof(c->name), "%s %s AG", trade, word->s);
		break;
	}
	snprintf(c->domain, sizeof(c->domain), "%s%s", slug, ct->tld);
}

static void make_person_name(struct rng *r, struct gen_customer *c)
{
	const struct gen_person *p = &c->person;
	int country = c->country_id;

	if (country == CTRY_BR && rng_chance(r, 500)) {
		/* Two surnames, the mother's first: "João Conceição Silva". */
		const struct lnm *mother = &c->c->last[rng_below(r, c->c->nlast)];
		snprintf(c->name, sizeof(c->name), "%s %s %s", p->first->s, mother->m, p->last);
	} else if (p->first->nick && rng_chance(r, 150)) {
		snprintf(c->name, sizeof(c->name), "%s \"%s\" %s", p->first->s, p->first->nick, p->last);
	} else if (country == CTRY_US && !p->female && rng_chance(r, 30)) {
		snprintf(c->name, sizeof(c->name), "%s %s, Jr.", p->first->s, p->last);
	} else {
		snprintf(c->name, sizeof(c->name), "%s %s", p->first->s, p->last);
	}
}

static void make_person_email(struct rng *r, const struct country *ct, const struct gen_person *p, char *buf,
			      size_t size)
{
	const char *domain = ct->email_domains[rng_below(r, ct->nemail_domains)];

	switch (rng_below(r, 3)) {
	case 0: snprintf(buf, size, "%s.%s@%s", p->first->a, p->last_ascii, domain); break;
	case 1: snprintf(buf, size, "%s%s%d@%s", p->first->a, p->last_ascii, rng_range(r, 1, 99), domain); break;
	default: snprintf(buf, size, "%c%s@%s", p->first->a[0], p->last_ascii, domain); break;
	}
}

static const char *pick_language(struct rng *r, const struct gen_customer *c)
{
	switch (c->country_id) {
	case CTRY_US: return rng_chance(r, 80) ? "es" : "en";
	case CTRY_BR: return "pt-BR";
	case CTRY_PL: return "pl";
	case CTRY_GB: return "en-GB";
	case CTRY_DE: return "de";
	default:
		if (!strcmp(c->city->region, "QC"))
			return rng_chance(r, 800) ? "fr-CA" : "en-CA";
		return rng_chance(r, 50) ? "fr-CA" : "en-CA";
	}
}

static const struct descriptions *descriptions_for(const char *language)
{
	for (int i = 0; i < COUNT(descriptions); i++)
		if (!strncmp(language, descriptions[i].lang, 2))
			return &descriptions[i];
	return &descriptions[0];
}

/* Rounds minor units to a multiple of `unit` major units (unit >= 1). */
static int64_t round_major(int64_t amount, int exponent, int64_t unit)
{
	int64_t step = unit;

	for (int i = 0; i < exponent; i++)
		step *= 10;
	return (amount + step / 2) / step * step;
}

/* US cents to the customer's minor units. */
static int64_t to_local(const struct gen_customer *c, int64_t usd_cents)
{
	int64_t v = usd_cents * c->factor / 100;

	for (int i = 2; i < c->exponent; i++)
		v *= 10;
	for (int i = c->exponent; i < 2; i++)
		v /= 10;
	return v > 0 ? v : 1;
}

static void draw_profile(struct gen *g, struct rng *r, long long index)
{
	struct gen_customer *c = &g->cust;
	int zone_w[8];

	format_ref(c->ref, sizeof(c->ref), "C", g->cust_width, index + 1);
	c->company = rng_chance(r, 300);
	c->country_id = rng_weighted(r, country_weights, CTRY_COUNT);
	c->c = &countries[c->country_id];
	for (int i = 0; i < c->c->nzones; i++)
		zone_w[i] = c->c->zones[i].weight;
	c->zone = &c->c->zones[rng_weighted(r, zone_w, c->c->nzones)];
	c->city = &c->zone->cities[rng_below(r, c->zone->ncities)];
	c->timezone = c->zone->tz;
	/* Unknown zone for a tenth of US customers: rules must then hold in every US zone. */
	if (c->country_id == CTRY_US && rng_chance(r, 100))
		c->timezone = "";
	c->language = pick_language(r, c);
	c->desc = descriptions_for(c->language);
	c->currency = c->c->currency;
	if (c->company && rng_chance(r, 60))
		c->currency = c->c->alt_currency;
	c->exponent = currency_exponent(c->currency);
	c->factor = countries[CTRY_US].usd_factor;
	for (int i = 0; i < CTRY_COUNT; i++)
		if (!strcmp(countries[i].currency, c->currency))
			c->factor = countries[i].usd_factor;

	pick_person(r, c->c, rng_chance(r, 500), &c->person);
	if (c->company) {
		make_company_name(r, c);
		snprintf(c->email, sizeof(c->email), "%s@%s", rng_chance(r, 500) ? "info" : "office", c->domain);
		make_phone(r, c->country_id, c->city, 0, c->phone, sizeof(c->phone));
	} else {
		make_person_name(r, c);
		make_person_email(r, c->c, &c->person, c->email, sizeof(c->email));
		make_phone(r, c->country_id, c->city, rng_chance(r, 850), c->phone, sizeof(c->phone));
	}
	if (rng_chance(r, 40))
		c->email[0] = '\0';
	if (rng_chance(r, 15))
		c->phone[0] = '\0';
	make_address(r, c);

	/* Typical invoice in US cents, log-uniform: persons 30..600, companies 400..20,000. */
	c->typical = c->company ? pow10_step(rng_range(r, 92, 126)) : pow10_step(rng_range(r, 70, 96));
	if (c->company) {
		static const int terms[] = { 15, 30, 45, 60 };
		c->terms = terms[rng_weighted(r, g->pp->terms_w, 4)];
		c->credit_limit = round_major(to_local(c, c->typical * rng_range(r, 4, 12)), c->exponent, 1000);
	} else {
		c->terms = rng_chance(r, 400) ? 15 : 30;
		c->credit_limit = round_major(to_local(c, c->typical * rng_range(r, 2, 6)), c->exponent, 100);
	}
	if (c->credit_limit <= 0)
		c->credit_limit = round_major(to_local(c, 100000), c->exponent, 100);
	c->habit = rng_weighted(r, g->pp->habit_weights, HABIT_COUNT);
	c->method = c->c->methods[rng_weighted(r, c->c->method_weights, c->c->nmethods)];
	/* Companies rarely pay by card, persons rarely by ACH batch or transfer in the US. */
	if (c->company && !strcmp(c->method, "card"))
		c->method = c->country_id == CTRY_US ? "ach" : "transfer";
}

/* ------------------------------------------------------------- rows */

/* The customer's tags, from its own segment stream `s` (the other draws stay what they were). */
static void draw_tags(struct gen *g, struct rng *s)
{
	struct gen_customer *c = &g->cust;
	size_t used = 0;

	c->tags[0] = '\0';
	for (int i = 0; i < COUNT(tag_odds); i++) {
		int odds = c->company ? tag_odds[i].company : tag_odds[i].person;
		if (odds && rng_chance(s, odds))
			used += (size_t)snprintf(c->tags + used, sizeof(c->tags) - used, "%s%s", used ? ";" : "",
						 tag_odds[i].tag);
	}
}

static void write_customer(struct gen *g)
{
	const struct gen_customer *c = &g->cust;
	char limit[MONEY_TEXT_MAX];
	/* the state or province of the city, for the countries whose calendars and rules go by it */
	const char *region = (c->country_id == CTRY_US || c->country_id == CTRY_CA) && c->city->region ? c->city->region
												       : "";
	const char *row[14] = {
		c->ref,
		c->name,
		c->company ? "company" : "person",
		c->c->code,
		c->timezone,
		c->language,
		c->currency,
		gen_money(c, c->credit_limit, limit),
		c->email,
		c->phone,
		c->address,
		"",
		c->tags,
		region,
	};

	out_row(&g->files[OUT_CUSTOMERS], row, COUNT(row));
	g->counts.customers++;
}

static void write_contact(struct gen *g, const char *name, const char *role, const char *phone, const char *email,
			  const char *tz, int pays_bills, const char *best_time, const char *notes)
{
	char ref[32];
	const char *row[10];

	format_ref(ref, sizeof(ref), "CT-", g->ref_width, ++g->contact_no);
	memcpy(g->last_contact, ref, sizeof(ref));
	row[0] = ref;
	row[1] = g->cust.ref;
	row[2] = name;
	row[3] = role;
	row[4] = phone;
	row[5] = email;
	row[6] = tz;
	row[7] = pays_bills ? "true" : "false";
	row[8] = best_time;
	row[9] = notes;
	out_row(&g->files[OUT_CONTACTS], row, COUNT(row));
	g->counts.contacts++;
}

static const char *maybe_best_time(struct rng *r, int per_mille)
{
	return rng_chance(r, per_mille) ? best_times[rng_below(r, COUNT(best_times))] : "";
}

static void write_contacts(struct gen *g, struct rng *r)
{
	struct gen_customer *c = &g->cust;
	struct gen_person p;
	char name[160];
	char phone[40];
	char email[160];

	/* a person is reached on its own row (its primary contact); a company through its payer, below */
	snprintf(c->payer_ref, sizeof(c->payer_ref), "%s", c->ref);
	snprintf(c->payer_name, sizeof(c->payer_name), "%s", c->name);
	c->payer_phone = c->phone[0] != '\0';
	c->payer_email = c->email[0] != '\0';
	if (c->company) {
		/* The person who pays the bills: accounts payable or billing. */
		const struct zone *zone = c->zone;
		const struct city *city = c->city;
		const char *tz = c->timezone;

		if (c->c->nzones > 1 && rng_chance(r, 120)) {
			/* Head office in another zone of the same country. */
			zone = &c->c->zones[rng_below(r, c->c->nzones)];
			city = &zone->cities[rng_below(r, zone->ncities)];
			tz = zone->tz;
		}
		pick_person(r, c->c, rng_chance(r, 650), &p);
		snprintf(name, sizeof(name), "%s %s", p.first->s, p.last);
		make_phone(r, c->country_id, city, 0, phone, sizeof(phone));
		if (rng_chance(r, 600))
			snprintf(email, sizeof(email), "%s.%s@%s", p.first->a, p.last_ascii, c->domain);
		else
			snprintf(email, sizeof(email), "%s@%s", c->c->ap_mailbox, c->domain);
		write_contact(g, name, rng_chance(r, 600) ? "accounts_payable" : "billing", phone, email, tz, 1,
			      maybe_best_time(r, 600),
			      rng_chance(r, 350) ? ap_notes[rng_below(r, COUNT(ap_notes))] : "");
		memcpy(c->payer_ref, g->last_contact, sizeof(c->payer_ref));
		memcpy(c->payer_name, name, sizeof(c->payer_name));
		c->payer_phone = 1;
		c->payer_email = 1;
		if (rng_chance(r, 350)) {
			snprintf(name, sizeof(name), "%s %s", c->person.first->s, c->person.last);
			make_phone(r, c->country_id, c->city, 1, phone, sizeof(phone));
			snprintf(email, sizeof(email), "%s@%s", c->person.first->a, c->domain);
			write_contact(g, name, "owner", phone, email, c->timezone, 0, maybe_best_time(r, 300),
				      owner_notes[rng_below(r, COUNT(owner_notes))]);
		}
		if (rng_chance(r, 250)) {
			pick_person(r, c->c, rng_chance(r, 800), &p);
			snprintf(name, sizeof(name), "%s %s", p.first->s, p.last);
			write_contact(g, name, "secretary", c->phone, "", c->timezone, 0, "",
				      secretary_notes[rng_below(r, COUNT(secretary_notes))]);
		}
		return;
	}
	if (rng_chance(r, 180)) {
		/* Spouse: same surname (in its gendered form), the other first-name list. */
		const struct lnm *l = NULL;
		int female = !c->person.female;

		for (int i = 0; i < c->c->nlast && !l; i++)
			if (!strcmp(c->c->last[i].m, c->person.last) ||
			    (c->c->last[i].f && !strcmp(c->c->last[i].f, c->person.last)))
				l = &c->c->last[i];
		p.first = female ? &c->c->first_f[rng_below(r, c->c->nfirst_f)]
				 : &c->c->first_m[rng_below(r, c->c->nfirst_m)];
		p.last = l && female && l->f ? l->f : (l ? l->m : c->person.last);
		p.last_ascii = l && female && l->af ? l->af : (l ? l->am : c->person.last_ascii);
		snprintf(name, sizeof(name), "%s %s", p.first->s, p.last);
		make_phone(r, c->country_id, c->city, 1, phone, sizeof(phone));
		email[0] = '\0';
		if (rng_chance(r, 500))
			make_person_email(r, c->c, &p, email, sizeof(email));
		write_contact(g, name, "spouse", phone, email, c->timezone, rng_chance(r, 400), maybe_best_time(r, 400),
			      spouse_notes[rng_below(r, COUNT(spouse_notes))]);
	}
	if (rng_chance(r, 80)) {
		snprintf(name, sizeof(name), "%s %s", c->person.first->s, c->person.last);
		make_phone(r, c->country_id, c->city, 0, phone, sizeof(phone));
		write_contact(g, name, "debtor", phone, "", c->timezone, 1, maybe_best_time(r, 500),
			      work_notes[rng_below(r, COUNT(work_notes))]);
	}
	if (rng_chance(r, 30)) {
		pick_person(r, c->c, rng_chance(r, 500), &p);
		snprintf(name, sizeof(name), "%s %s", p.first->s, p.last);
		make_phone(r, c->country_id, c->city, 0, phone, sizeof(phone));
		write_contact(g, name, "third_party", phone, "", c->timezone, 0, "",
			      third_party_notes[rng_below(r, COUNT(third_party_notes))]);
	}
}

/* ------------------------------------------------ purchase history */

static int compare_dates(const void *a, const void *b)
{
	date_t x = *(const date_t *)a;
	date_t y = *(const date_t *)b;

	return (x > y) - (x < y);
}

static int invoice_count(struct rng *r, int company)
{
	if (!company)
		return rng_range(r, 1, 5); /* mean 3 */
	if (rng_chance(r, 750))
		return rng_range(r, 2, 13); /* mean 7.5 */
	return rng_range(r, 12, 26);        /* mean 19 */
}

static int64_t invoice_amount(struct rng *r, const struct gen_customer *c)
{
	int64_t usd = c->typical * rng_range(r, 55, 145) / 100;
	int64_t v = to_local(c, usd);

	if (c->exponent < 2)
		return v;
	if (!c->company) {
		int ending = rng_below(r, 10);
		/* Retail prices: 49.90, 129.99. */
		if (ending < 4)
			v = round_major(v, c->exponent, 1) - 1;
		else if (ending < 6)
			v = round_major(v, c->exponent, 1) - 10;
	} else if (rng_chance(r, 300)) {
		v = round_major(v, c->exponent, 10);
	}
	return v > 0 ? v : 1;
}

static void draw_invoices(struct gen *g, struct rng *r)
{
	struct gen_customer *c = &g->cust;
	date_t as_of = g->o->as_of;
	date_t window = as_of - GEN_HISTORY_DAYS;
	date_t start, end;
	date_t dates[GEN_MAX_INVOICES];
	int n = invoice_count(r, c->company);
	int span;

	if (c->company)
		start = rng_chance(r, 700) ? window : window + rng_below(r, 450);
	else
		start = window + rng_below(r, 500);
	end = as_of;
	/* Customers who stopped buying. */
	if (rng_chance(r, c->company ? 100 : 200))
		end = start + rng_range(r, 30, as_of - start);
	span = end - start;
	if (n > span / 7 + 1)
		n = span / 7 + 1;
	if (c->company) {
		/* Companies order on a rhythm; persons when they need something. */
		int step = span / n;
		/*
		 * An order falls anywhere in its step, so the rate of sales is
		 * the same up to as-of. The distressed book keeps its first half
		 * of the step, which leaves its last weeks short of sales (part
		 * of why its DSO is high).
		 */
		int jitter = g->o->profile == GENERATE_DISTRESSED ? step / 2 + 1 : step;
		for (int i = 0; i < n; i++)
			dates[i] = start + i * step + rng_below(r, jitter);
	} else {
		for (int i = 0; i < n; i++)
			dates[i] = start + rng_below(r, span + 1);
		qsort(dates, n, sizeof(dates[0]), compare_dates);
	}
	c->ninvoices = n;
	for (int i = 0; i < n; i++) {
		struct gen_invoice *inv = &c->inv[i];
		inv->issue = dates[i] <= as_of ? dates[i] : as_of;
		inv->due = inv->issue + c->terms;
		inv->amount = invoice_amount(r, c);
	}
}

/* Returned-payment odds by method, per mille. */
static int return_odds(const char *method)
{
	if (!strcmp(method, "cheque"))
		return 60;
	if (!strcmp(method, "direct_debit"))
		return 30;
	if (!strcmp(method, "ach"))
		return 25;
	if (!strcmp(method, "card"))
		return 10;
	if (!strcmp(method, "transfer"))
		return 5;
	return 0; /* boleto and pix are confirmed or never happen */
}

static void push_payment(struct gen_customer *c, date_t date, int invoice, int target, int64_t amount,
			 const char *method, int returned)
{
	struct gen_payment *p;

	if (c->npayments == GEN_MAX_PAYMENTS)
		return;
	p = &c->pay[c->npayments++];
	p->date = date;
	p->seq = c->seq++;
	p->invoice = invoice;
	p->target = target;
	p->amount = amount;
	p->method = method;
	p->returned = returned;
	p->returned_on = date;
}

/*
 * One payment attempt on invoice i. A payment after as_of has not happened
 * yet and is not written. A returned payment (NSF, chargeback) is usually
 * followed by a replacement with another ref, by a method that cannot
 * bounce the same way. Returns whether money arrived by as_of.
 */
static int pay(struct gen *g, struct rng *r, int i, date_t date, int64_t amount)
{
	struct gen_customer *c = &g->cust;
	const char *method = c->method;
	int invoice = i;

	if (date < c->inv[i].issue)
		date = c->inv[i].issue;
	if (date > g->o->as_of || amount <= 0)
		return 0;
	if (rng_chance(r, 150))
		method = c->c->methods[rng_weighted(r, c->c->method_weights, c->c->nmethods)];
	if (rng_chance(r, return_odds(method))) {
		push_payment(c, date, i, i, amount, method, 1);
		/* the bank sends it back three days later (never after as_of) */
		if (c->npayments && c->pay[c->npayments - 1].returned)
			c->pay[c->npayments - 1].returned_on = date + 3 > g->o->as_of ? g->o->as_of : date + 3;
		if (!rng_chance(r, g->pp->replaced))
			return 0;
		date += rng_range(r, 3, 20);
		if (date > g->o->as_of)
			return 0;
		method = c->country_id == CTRY_BR ? "pix" : c->country_id == CTRY_US ? "ach" : "transfer";
	}
	/* Money sent without a reference: the importer allocates it oldest first. */
	if (rng_chance(r, 80))
		invoice = -1;
	/* Rounding up a cheque or a transfer leaves a little unapplied credit. */
	if (!c->company && (!strcmp(method, "cheque") || !strcmp(method, "transfer")) && rng_chance(r, 20))
		amount = round_major(amount + (c->exponent >= 2 ? 49 : 0), c->exponent, 1);
	push_payment(c, date, invoice, i, amount, method, 0);
	return 1;
}

static date_t on_time_date(struct gen *g, struct rng *r, const struct gen_customer *c, const struct gen_invoice *inv)
{
	int early = rng_range(r, 0, c->terms < 10 ? c->terms - 1 : 10);

	if (rng_chance(r, g->pp->on_time_late))
		return inv->due + rng_range(r, 1, 10);
	return inv->due - early;
}

/*
 * An amount the habit leaves unpaid: in a book that is worked (settle_after
 * set), a debt still open that long after its due date has been collected,
 * late, by then; a recent one stays open.
 */
static void settle_late(struct gen *g, struct rng *r, int i, int64_t amount)
{
	const struct gen_invoice *inv = &g->cust.inv[i];
	int after = g->pp->settle_after;

	if (after > 0 && inv->due + after < g->o->as_of)
		pay(g, r, i, inv->due + rng_range(r, after / 3, after), amount);
}

static void pay_partially(struct gen *g, struct rng *r, int i)
{
	const struct gen_invoice *inv = &g->cust.inv[i];
	int64_t first = inv->amount * rng_range(r, 30, 70) / 100;
	int64_t rest = inv->amount - first;
	date_t d = inv->due + rng_range(r, -5, 20);
	int mode = rng_below(r, 100);

	if (first <= 0 || rest <= 0) {
		pay(g, r, i, d, inv->amount);
		return;
	}
	if (!pay(g, r, i, d, first))
		return;
	d += rng_range(r, 20, 60);
	if (mode < 40) {
		pay(g, r, i, d, rest);
	} else if (mode < 100 - g->pp->partial_never) {
		int64_t half = rest / 2;
		if (pay(g, r, i, d, half))
			pay(g, r, i, d + rng_range(r, 20, 45), rest - half);
	} else {
		settle_late(g, r, i, rest);
	}
}

/*
 * The invoice a defaulter stops paying at: any but the first (distressed),
 * or one due within the profile's last default_recent days; -1 when none is
 * that recent (the customer has not defaulted yet and pays as a chronic
 * late payer).
 */
static int default_stop(struct gen *g, struct rng *r)
{
	const struct gen_customer *c = &g->cust;
	int first = 1;

	if (g->pp->default_recent == 0)
		return c->ninvoices > 1 ? rng_range(r, 1, c->ninvoices - 1) : 0;
	while (first < c->ninvoices && c->inv[first].due < g->o->as_of - g->pp->default_recent)
		first++;
	if (first >= c->ninvoices)
		return -1;
	return rng_range(r, first, c->ninvoices - 1);
}

static void pay_chronic(struct gen *g, struct rng *r, int i)
{
	const struct pay_profile *pp = g->pp;
	const struct gen_invoice *inv = &g->cust.inv[i];

	if (!rng_chance(r, pp->chronic_unpaid))
		pay(g, r, i,
		    inv->due + pp->chronic_min + rng_range(r, 0, pp->chronic_a) + rng_range(r, 0, pp->chronic_b),
		    inv->amount);
	else
		settle_late(g, r, i, inv->amount);
}

static void draw_payments(struct gen *g, struct rng *r)
{
	struct gen_customer *c = &g->cust;
	int stop = c->ninvoices;
	int habit = c->habit;

	c->npayments = 0;
	c->seq = 0;
	if (habit == HABIT_DEFAULTER) {
		/* Pays for a while, then stops; credit hold ends the purchases soon after. */
		stop = default_stop(g, r);
		if (stop < 0)
			habit = HABIT_CHRONIC;
		for (int i = stop + 1; stop >= 0 && i < c->ninvoices; i++) {
			if (c->inv[i].issue > c->inv[stop].due + 30) {
				c->ninvoices = i;
				break;
			}
		}
	}
	for (int i = 0; i < c->ninvoices; i++) {
		const struct gen_invoice *inv = &c->inv[i];

		switch (habit) {
		case HABIT_ON_TIME: pay(g, r, i, on_time_date(g, r, c, inv), inv->amount); break;
		case HABIT_OCCASIONAL:
			if (rng_chance(r, g->pp->occasional_late))
				pay(g, r, i, inv->due + rng_range(r, 5, g->pp->occasional_max), inv->amount);
			else
				pay(g, r, i, on_time_date(g, r, c, inv), inv->amount);
			break;
		case HABIT_CHRONIC: pay_chronic(g, r, i); break;
		case HABIT_PARTIAL: pay_partially(g, r, i); break;
		default:
			if (i < stop) {
				pay(g, r, i, inv->due + rng_range(r, -5, 30), inv->amount);
			} else if (i == stop && rng_chance(r, 250)) {
				/* A token payment after the first reminders, then silence. */
				pay(g, r, i, inv->due + rng_range(r, 20, 90), inv->amount * rng_range(r, 10, 30) / 100);
			}
			break;
		}
	}
}

static void sort_payments(struct gen_customer *c)
{
	/* Insertion sort: a few dozen payments at most, and stable. */
	for (int i = 1; i < c->npayments; i++) {
		struct gen_payment p = c->pay[i];
		int j = i - 1;

		while (j >= 0 && (c->pay[j].date > p.date || (c->pay[j].date == p.date && c->pay[j].seq > p.seq))) {
			c->pay[j + 1] = c->pay[j];
			j--;
		}
		c->pay[j + 1] = p;
	}
}

static void write_invoices(struct gen *g, struct rng *r)
{
	struct gen_customer *c = &g->cust;
	const char *const *lines = c->company ? c->desc->company : c->desc->person;
	int line = rng_below(r, 6);

	for (int i = 0; i < c->ninvoices; i++) {
		struct gen_invoice *inv = &c->inv[i];
		char issue[DATE_TEXT_MAX], due[DATE_TEXT_MAX], amount[MONEY_TEXT_MAX];
		char description[128], po[40] = "", dn[40] = "";
		int y, m, d;
		int is_signed;

		format_ref(inv->ref, sizeof(inv->ref), "INV-", g->ref_width, ++g->invoice_no);
		date_to_ymd(inv->issue, &y, &m, &d);
		if (rng_chance(r, 300))
			line = rng_below(r, 6);
		if (rng_chance(r, 400))
			snprintf(description, sizeof(description), "%s %04d-%02d", lines[line], y, m);
		else
			snprintf(description, sizeof(description), "%s", lines[line]);
		if (rng_chance(r, c->company ? 800 : 30)) {
			if (c->country_id == CTRY_PL)
				snprintf(po, sizeof(po), "ZAM/%04d/%04d", y, rng_range(r, 1, 9999));
			else if (rng_chance(r, 500))
				snprintf(po, sizeof(po), "4500%06d", rng_below(r, 1000000));
			else
				snprintf(po, sizeof(po), "PO-%02d%05d", y % 100, rng_below(r, 100000));
		}
		if (rng_chance(r, c->company ? 600 : 100)) {
			if (c->country_id == CTRY_PL)
				snprintf(dn, sizeof(dn), "WZ/%d/%04d", rng_range(r, 1, 9999), y);
			else if (c->country_id == CTRY_DE)
				snprintf(dn, sizeof(dn), "LS-%07d", rng_below(r, 10000000));
			else
				snprintf(dn, sizeof(dn), "DN-%07d", rng_below(r, 10000000));
		}
		is_signed = rng_chance(r, dn[0] ? 850 : c->company ? 300 : 50);
		const char *row[10] = {
			inv->ref,
			c->ref,
			gen_date(g, inv->issue, issue),
			gen_date(g, inv->due, due),
			c->currency,
			gen_money(c, inv->amount, amount),
			description,
			po,
			dn,
			is_signed ? "true" : "false",
		};
		for (int k = 0; k < COUNT(row); k++)
			out_field(&g->files[OUT_INVOICES], row[k]);
		out_plain(&g->files[OUT_INVOICES], products[c->company != 0][line].name,
			  products[c->company != 0][line].len);
		out_end(&g->files[OUT_INVOICES]);
	}
	g->counts.invoices += c->ninvoices;
}

static void write_payments(struct gen *g)
{
	struct gen_customer *c = &g->cust;

	sort_payments(c);
	for (int i = 0; i < c->npayments; i++) {
		const struct gen_payment *p = &c->pay[i];
		char ref[32], date[DATE_TEXT_MAX], amount[MONEY_TEXT_MAX], back[DATE_TEXT_MAX];
		const char *row[9] = {
			ref,
			c->ref,
			p->invoice >= 0 ? c->inv[p->invoice].ref : "",
			gen_date(g, p->date, date),
			gen_money(c, p->amount, amount),
			c->currency,
			p->method,
			p->returned ? "returned" : "cleared",
			p->returned ? gen_date(g, p->returned_on, back) : "",
		};

		format_ref(ref, sizeof(ref), "P-", g->ref_width, ++g->payment_no);
		out_row(&g->files[OUT_PAYMENTS], row, COUNT(row));
	}
	g->counts.payments += c->npayments;
}

/* ------------------------------------------------ collection history */

/*
 * What collections did about the invoices that went past due: an email at
 * 3-7 days, then calls every 5-10 days until the invoice was paid (or
 * as-of), at most GEN_MAX_ATTEMPTS an invoice; no call while a promise is
 * current. A quarter of the calls reach the right party (docs/generate.md
 * for the figures and their sources); of those, promises, callbacks,
 * refusals and a few disputes. A promise's note says what and by when
 * ("promised 1234.50 USD by 2026-11-30"), and whether it is kept is decided
 * from the payment the habit already drew, so the kept rate holds when
 * promises are read back. The history has its own PRNG stream, so adding
 * it changed none of the other files' draws.
 */
#define GEN_MAX_ATTEMPTS 8
#define GEN_MAX_PROMISES 2
#define GEN_RPC          250 /* per mille of calls */

static const char *const rpc_outcomes[] = { "promise", "callback", "right_party", "refused", "dispute" };
static const int rpc_w[] = { 45, 20, 23, 10, 2 };
static const char *const missed_outcomes[] = { "no_answer", "voicemail", "message_left", "wrong_number" };
static const int missed_w[] = { 50, 25, 20, 5 };

struct dunning {
	date_t paid_on[GEN_MAX_INVOICES]; /* the day an invoice was paid in full; 0: open at as-of */
	int promises;
	int attempts;
	date_t last; /* the last attempt's day */
	int open_overdue;
};

/* "2026-11-02T15:40:00Z": working hours of the customer's continent, in UTC. */
static const char *gen_moment(struct gen *g, struct rng *h, date_t d, char *buf)
{
	char day[DATE_TEXT_MAX];
	int europe = g->cust.country_id == CTRY_PL || g->cust.country_id == CTRY_GB || g->cust.country_id == CTRY_DE;
	int hour = europe ? rng_range(h, 8, 14) : rng_range(h, 14, 19);
	int minute = rng_below(h, 60);

	memcpy(buf, gen_date(g, d, day), 10);
	buf[10] = 'T';
	buf[11] = (char)('0' + hour / 10);
	buf[12] = (char)('0' + hour % 10);
	buf[13] = ':';
	buf[14] = (char)('0' + minute / 10);
	buf[15] = (char)('0' + minute % 10);
	memcpy(buf + 16, ":00Z", 5);
	return buf;
}

/* The day each invoice was paid in full by the payments drawn (returns undone), 0 when it was not. */
static void paid_days(struct gen_customer *c, struct dunning *dn)
{
	int64_t sum[GEN_MAX_INVOICES] = { 0 };

	memset(dn, 0, sizeof(*dn));
	for (int k = 0; k < c->npayments; k++) {
		const struct gen_payment *p = &c->pay[k];
		if (p->returned || p->target < 0 || dn->paid_on[p->target])
			continue;
		sum[p->target] += p->amount;
		if (sum[p->target] >= c->inv[p->target].amount)
			dn->paid_on[p->target] = p->date;
	}
}

static int64_t paid_by(const struct gen_customer *c, int i, date_t day)
{
	int64_t sum = 0;

	for (int k = 0; k < c->npayments; k++)
		if (!c->pay[k].returned && c->pay[k].target == i && c->pay[k].date <= day)
			sum += c->pay[k].amount;
	return sum;
}

static void write_attempt(struct gen *g, const char *at, const char *channel, const char *outcome, int i,
			  const char *spoke_with, const char *note)
{
	char ref[32];
	const char *row[10] = {
		ref, g->cust.payer_ref, at, channel, outcome, g->cust.inv[i].ref, "", spoke_with, note, "false",
	};

	format_ref(ref, sizeof(ref), "AT-", g->ref_width, ++g->attempt_no);
	out_row(&g->files[OUT_HISTORY], row, COUNT(row));
	g->counts.attempts++;
}

static void write_flag(struct gen *g, struct rng *h, const char *flag, int i, date_t on, const char *reason,
		       date_t cleared_on, const char *cleared_reason)
{
	char ref[32], set_at[32], cleared_at[32] = "";
	const char *row[13];

	format_ref(ref, sizeof(ref), "FL-", g->ref_width, ++g->flag_no);
	if (cleared_on)
		gen_moment(g, h, cleared_on, cleared_at);
	row[0] = ref;
	row[1] = g->cust.ref;
	row[2] = flag;
	row[3] = "";
	row[4] = i >= 0 ? g->cust.inv[i].ref : "";
	row[5] = "";
	row[6] = "";
	row[7] = "collections";
	row[8] = gen_moment(g, h, on, set_at);
	row[9] = reason;
	row[10] = cleared_at;
	row[11] = cleared_on ? "collections" : "";
	row[12] = cleared_on ? cleared_reason : "";
	out_row(&g->files[OUT_FLAGS], row, COUNT(row));
	g->counts.flags++;
}

/* A right-party call that ends with a promise: its note, and the day after which to call again. */
static date_t promise(struct gen *g, struct rng *h, struct dunning *dn, int i, date_t t, char *note, size_t size)
{
	const struct gen_customer *c = &g->cust;
	date_t paid = dn->paid_on[i];
	date_t by;
	char amount[MONEY_TEXT_MAX], day[DATE_TEXT_MAX];

	if (paid && paid - t <= 45 && rng_chance(h, g->pp->promise_kept)) {
		by = paid + rng_range(h, 0, 2);
	} else {
		by = t + rng_range(h, 5, 14);
		if (paid && by >= paid)
			by = paid - 1;
		if (by <= t)
			by = t + 1;
	}
	snprintf(note, size, "promised %s %s by %s", gen_money(c, c->inv[i].amount - paid_by(c, i, t), amount),
		 c->currency, gen_date(g, by, day));
	dn->promises++;
	return by;
}

/* One call about invoice i on day t; returns the day of the next attempt, or 0 to stop. */
static date_t call(struct gen *g, struct rng *h, struct dunning *dn, int i, date_t t)
{
	const struct gen_customer *c = &g->cust;
	char at[32], note[128] = "";
	const char *outcome;
	date_t next = t + rng_range(h, 5, 10);

	gen_moment(g, h, t, at);
	if (!rng_chance(h, GEN_RPC)) {
		write_attempt(g, at, "call", missed_outcomes[rng_weighted(h, missed_w, COUNT(missed_w))], i, "", "");
		return next;
	}
	outcome = rpc_outcomes[rng_weighted(h, rpc_w, COUNT(rpc_w))];
	/* who will not pay soon promises less often: half of those calls end in a request to call back */
	if (!strcmp(outcome, "promise") &&
	    (dn->promises >= GEN_MAX_PROMISES || ((!dn->paid_on[i] || dn->paid_on[i] - t > 45) && rng_chance(h, 500))))
		outcome = "callback";
	if (!strcmp(outcome, "promise"))
		next = promise(g, h, dn, i, t, note, sizeof(note)) + rng_range(h, 1, 3);
	write_attempt(g, at, "call", outcome, i, c->payer_name, note);
	if (strcmp(outcome, "dispute"))
		return next;
	/* collection on the invoice pauses; the dispute is resolved when it is paid */
	write_flag(g, h, "dispute", i, t, "the customer disputes the invoice", dn->paid_on[i],
		   "resolved: the invoice was paid");
	return 0;
}

static void dun_invoice(struct gen *g, struct rng *h, struct dunning *dn, int i)
{
	const struct gen_customer *c = &g->cust;
	date_t end = dn->paid_on[i] ? dn->paid_on[i] : g->o->as_of;
	date_t t = c->inv[i].due + rng_range(h, 3, 7);
	char at[32];

	if (!dn->paid_on[i] && c->inv[i].due < g->o->as_of)
		dn->open_overdue = 1;
	for (int k = 0; k < GEN_MAX_ATTEMPTS && t && t < end; k++) {
		dn->attempts++;
		dn->last = t;
		if (c->payer_phone && (k > 0 || !c->payer_email)) {
			t = call(g, h, dn, i, t);
			continue;
		}
		write_attempt(g, gen_moment(g, h, t, at), c->payer_email ? "email" : "letter", "sent", i, "", "");
		t += rng_range(h, 5, 10);
	}
}

static void write_history(struct gen *g, struct rng *h)
{
	struct gen_customer *c = &g->cust;
	struct dunning dn;

	paid_days(c, &dn);
	for (int i = 0; i < c->ninvoices; i++)
		dun_invoice(g, h, &dn, i);
	if (!dn.open_overdue || !dn.last || dn.last + 10 >= g->o->as_of)
		return;
	/* a few debtors who stopped answering go further */
	if (c->habit == HABIT_DEFAULTER && rng_chance(h, 60))
		write_flag(g, h, "bankrupt", -1, dn.last + rng_range(h, 1, 10), "bankruptcy notice received", 0, "");
	else if (!c->company && dn.attempts >= 3 && rng_chance(h, 150))
		write_flag(g, h, "cease", -1, dn.last + rng_range(h, 1, 10), "written request to stop contact", 0, "");
}

/* -------------------------------------------------------- the driver */

/* Every import column; a customer's profile is left empty, to be derived. */
static const struct {
	const struct record_table *table;
	size_t n;
} headers[GEN_FILES] = {
	{ &codec_customer, 14 }, { &codec_contact, 10 }, { &codec_invoice, 11 },
	{ &codec_payment, 9 },   { &codec_attempt, 10 }, { &codec_flag, 13 },
};
static const char *const file_names[GEN_FILES] = { "customers.csv", "contacts.csv",        "invoices.csv",
						   "payments.csv",  "contact-history.csv", "flags.csv" };

static int decimal_digits(long long n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

int generate_write(const struct generate_options *o, const struct generate_files *f, struct generate_result *res,
		   struct error *e)
{
	FILE *streams[GEN_FILES] = {
		f->customers, f->contacts, f->invoices, f->payments, f->contact_history, f->flags
	};
	struct gen *g = NULL;
	int ret = 0;

	if (o->customers < 1 || o->customers > GENERATE_MAX_CUSTOMERS)
		return error_set(e, ERR_USAGE, "number of customers '%lld' is out of range (1..%lld)", o->customers,
				 GENERATE_MAX_CUSTOMERS);
	if ((int)o->profile < 0 || o->profile >= GENERATE_PROFILE_COUNT)
		return error_set(e, ERR_USAGE, "profile %d is not a profile", (int)o->profile);
	if (o->as_of < date_from_ymd(1900, 1, 1) || o->as_of > date_from_ymd(9000, 1, 1))
		return error_set(e, ERR_USAGE, "as-of date is out of range");
	g = calloc(1, sizeof(*g));
	if (!g)
		return error_set(e, ERR_ENV, "out of memory");
	g->o = o;
	g->pp = &pay_profiles[o->profile];
	g->cust_width = decimal_digits(o->customers) > 7 ? decimal_digits(o->customers) : 7;
	g->ref_width = g->cust_width + 1;
	g->dates_from = o->as_of - GEN_HISTORY_DAYS - 30;
	g->ndates = GEN_HISTORY_DAYS + 30 + 400;
	g->dates = malloc((size_t)g->ndates * sizeof(*g->dates));
	if (!g->dates) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	for (int i = 0; i < g->ndates; i++)
		date_format(g->dates_from + i, g->dates[i], DATE_TEXT_MAX);
	for (int i = 0; i < GEN_FILES; i++) {
		g->files[i].f = streams[i];
		g->files[i].first = 1;
		for (size_t k = 0; k < headers[i].n; k++)
			out_field(&g->files[i], headers[i].table->fields[k].name);
		out_end(&g->files[i]);
	}

	for (long long i = 0; i < o->customers; i++) {
		struct rng r, h, s;

		rng_seed(&r, o->seed, (uint64_t)i);
		/* the history's own stream: the other files' draws stay what they were */
		rng_seed(&h, o->seed ^ 0x6A09E667F3BCC909ULL, (uint64_t)i);
		/* and the segments' (tags), for the same reason */
		rng_seed(&s, o->seed ^ 0xBB67AE8584CAA73BULL, (uint64_t)i);
		draw_profile(g, &r, i);
		draw_tags(g, &s);
		write_customer(g);
		write_contacts(g, &r);
		draw_invoices(g, &r);
		draw_payments(g, &r);
		write_invoices(g, &r);
		write_payments(g);
		write_history(g, &h);
		if (o->progress && (i + 1) % GEN_PROGRESS_EVERY == 0)
			o->progress(o->progress_ctx, i + 1, o->customers);
	}
	if (o->progress)
		o->progress(o->progress_ctx, o->customers, o->customers);

	for (int i = 0; i < GEN_FILES; i++) {
		if (fflush(streams[i]) != 0 || ferror(streams[i])) {
			ret = error_set(e, ERR_ENV, "cannot write %s: %s", file_names[i], strerror(errno));
			goto cleanup;
		}
	}
	if (res)
		*res = g->counts;
cleanup:
	if (g)
		free(g->dates);
	free(g);
	return ret;
}

int generate_to_dir(const struct generate_options *o, const char *dir, const struct outfile_protect *protect,
		    size_t nprotect, int force, struct generate_result *r, struct error *e)
{
	char final[GEN_FILES][4096];
	struct outfile *of[GEN_FILES] = { NULL };
	char *bufs[GEN_FILES] = { NULL };
	struct generate_files files;
	int ret = 0;
	int i;

	for (i = 0; i < GEN_FILES; i++) {
		int n = snprintf(final[i], sizeof(final[i]), "%s/%s", dir, file_names[i]);
		if (n < 0 || (size_t)n + 16 >= sizeof(final[i])) {
			ret = error_set(e, ERR_USAGE, "output directory '%s': path is too long", dir);
			goto cleanup;
		}
	}
	for (i = 0; i < GEN_FILES; i++) {
		ret = outfile_open(&of[i], final[i], protect, nprotect, force, e);
		if (ret < 0)
			goto cleanup;
		bufs[i] = malloc(1 << 20);
		if (bufs[i])
			setvbuf(outfile_stream(of[i]), bufs[i], _IOFBF, 1 << 20);
	}
	files.customers = outfile_stream(of[0]);
	files.contacts = outfile_stream(of[1]);
	files.invoices = outfile_stream(of[2]);
	files.payments = outfile_stream(of[3]);
	files.contact_history = outfile_stream(of[4]);
	files.flags = outfile_stream(of[5]);
	ret = generate_write(o, &files, r, e);
	for (i = 0; i < GEN_FILES && ret == 0; i++) {
		ret = outfile_commit(of[i], e);
		of[i] = NULL;
	}
cleanup:
	for (i = 0; i < GEN_FILES; i++) {
		outfile_abort(of[i]);
		free(bufs[i]);
	}
	return ret;
}

int generate_profile_parse(const char *name, enum generate_profile *out)
{
	for (int i = 0; i < GENERATE_PROFILE_COUNT; i++) {
		if (!strcmp(name, pay_profiles[i].name)) {
			*out = (enum generate_profile)i;
			return 0;
		}
	}
	return -1;
}

const char *generate_profile_name(enum generate_profile p)
{
	return (int)p >= 0 && p < GENERATE_PROFILE_COUNT ? pay_profiles[p].name : "";
}
