"""Word lists for the generated notes: real words in five of the UN languages, then a long tail
of made-up words and proper names, so that full-text search meets a few thousand distinct words
with a natural (Zipf) spread of frequencies, as in real notes.

Each list is ordered roughly from the most to the least frequent; notes.dataset weighs words by
their rank.
"""

# -- English ---------------------------------------------------------------------------------

ENGLISH_FUNCTION = """
the of and to in a on for with by as that was were is are from at its their this which be been
an also other all has have had more between such into under these including among through both
each how would could should not or it they during while after before about further most many
several within whose where when who well than may will can there them those same per only
"""

ENGLISH = """
resolution implementation national participants States experts Committee regional measures
export control controls border customs enforcement legislation legal framework regulatory
licensing licence biological chemical nuclear radiological weapons delivery means materials
dual-use goods technology transfer transit transshipment brokering financing terrorism non-State
actors security safety biosafety biosecurity laboratory pathogens toxins precursors inventory
accounting physical protection facilities sources detection equipment training capacity building
assistance cooperation coordination interagency ministry agency authority officials delegations
presentations session sessions panel discussion discussions exercise tabletop scenario matrix
report reporting obligations practices effective practical international subregional bilateral
multilateral partners organizations mandate requests needs priorities gaps challenges lessons
experience outreach awareness industry academia compliance internal programme programmes guidance
guidelines list lists catch-all end-user certificates verification risk assessment management
targeting profiling intelligence information sharing database electronic systems prosecution
penalties sanctions offences criminal liability investigation investigations judicial parliament
drafting amendments adoption ratification conventions treaties instruments safeguards additional
protocol plan action roadmap strategy strategic trade traders companies exporters freight ports
airports maritime shipping containers cargo inspections seizures interdiction cases typologies
banks financial institutions supervisors beneficial ownership screening universities researchers
scientists codes conduct ethics emerging technologies synthetic biology additive manufacturing
cyber unmanned aerial vehicles cloud intangible transfers deemed brokers declarations harmonized
tariff classification commodity identification meeting workshop seminar conference week day days
first second third final morning afternoon opening closing remarks welcome keynote speakers
moderator chair representatives government host country region countries members observers
attended presented discussed highlighted noted stressed underlined welcomed agreed recommended
requested identified shared explained described outlined reviewed considered emphasized
encouraged expressed interest support need importance role progress results follow-up next steps
possible specific relevant existing current future recent main key common different concrete
technical political level high-level working group groups points contact focal point network
networks platform portal website questionnaire survey study studies analysis review overview
update updates status year years period number range areas issues topics questions answers
examples case visit visits site tour demonstration facility port centre institute university
school academy officers staff personnel inspectors prosecutors judges lawyers diplomats engineers
specialists managers trainers trainees instructors curriculum modules handbook manual toolkit
template model law laws decree regulation regulations order orders act acts article articles
paragraph provisions requirements criteria standards certification accreditation audits audit
monitoring evaluation indicators data statistics trends border-crossing checkpoint checkpoints
radiation portal monitors handheld detectors vaccine vaccines outbreak outbreaks surveillance
epidemiology veterinary agriculture health public emergency response preparedness contingency
incident incidents crisis simulation drill drills laboratories containment storage transport
disposal waste decommissioning research reactor reactors enrichment reprocessing isotopes medical
hospitals universities students curricula teaching ethics dialogue dialogues parliamentary
parliamentarians ministers ministerial deputy director directors general secretary secretariat
ambassador embassy permanent mission missions delegation delegates envoy coordinator coordinators
chairman chairperson vice-chair rapporteur agenda item items minutes summary conclusions
recommendations declaration statement statements communiqué resolution-related sanctions-related
obligations-related voluntary national-level whole-of-government whole-of-society inclusive gender
youth civil society non-governmental private sector stakeholders stakeholder partnerships
partnership donors donor funding fund trust project projects proposal proposals budget resources
sustainability sustainable long-term short-term medium-term timeline milestones deliverables
baseline benchmark benchmarks peer peer-review self-assessment questionnaire-based desk-based
in-person virtual hybrid online video teleconference webinar webinars recordings translation
interpretation languages Arabic Chinese English French Russian Spanish Portuguese
"""

# -- French, Spanish, Russian, Arabic: the words of the notes written in those languages ------

FRENCH = """
le la les de des et à en du pour sur par une un dans au aux que qui est sont ont été avec
ainsi entre leur leurs ce cette ces son sa ses plus comme lors afin
résolution mise œuvre nationale nationales participants États experts Comité mesures régionale
contrôle exportations frontières douanes application législation juridique cadre réglementaire
licences biologiques chimiques nucléaires radiologiques armes vecteurs matières biens double
usage technologie transfert transit courtage financement terrorisme acteurs sécurité sûreté
biosécurité laboratoire agents pathogènes toxines précurseurs inventaire protection physique
installations sources détection équipements formation renforcement capacités assistance
coopération coordination interministérielle ministère agence autorité responsables délégations
présentations séance séances table ronde débat débats exercice scénario rapport rapports
obligations pratiques efficaces internationale sous-régionale bilatérale multilatérale
partenaires organisations mandat demandes besoins priorités lacunes défis enseignements
expérience sensibilisation industrie milieux universitaires conformité programme programmes
lignes directrices liste listes certificats utilisateur final vérification risque évaluation
gestion ciblage renseignement partage information données électroniques systèmes poursuites
sanctions infractions pénales responsabilité enquêtes judiciaires parlement rédaction
amendements adoption ratification conventions traités instruments garanties protocole
additionnel plan action feuille route stratégie stratégique commerce entreprises exportateurs
fret ports aéroports maritime conteneurs cargaison inspections saisies cas banques financières
institutions chercheurs scientifiques codes conduite éthique technologies émergentes synthétique
fabrication additive drones réunion atelier séminaire conférence semaine journée premier
deuxième troisième finale matin après-midi ouverture clôture allocution bienvenue orateurs
modérateur président représentants gouvernement pays hôte région membres observateurs
souligné noté salué recommandé identifié partagé expliqué décrit examiné encouragé exprimé
intérêt soutien besoin importance rôle progrès résultats suivi prochaines étapes
"""

SPANISH = """
el la los las de del y a en para por con una un que se su sus es son fue fueron como entre
también sobre este esta estos estas más durante
resolución aplicación nacional nacionales participantes Estados expertos Comité medidas regional
control exportaciones fronteras aduanas cumplimiento legislación jurídico marco reglamentario
licencias biológicas químicas nucleares radiológicas armas sistemas vectores materiales bienes
doble uso tecnología transferencia tránsito intermediación financiación terrorismo actores
seguridad protección bioseguridad laboratorio patógenos toxinas precursores inventario física
instalaciones fuentes detección equipos capacitación fortalecimiento capacidades asistencia
cooperación coordinación interinstitucional ministerio agencia autoridad funcionarios
delegaciones presentaciones sesión sesiones mesa redonda debate debates ejercicio escenario
informe informes obligaciones prácticas eficaces internacional subregional bilateral
multilateral socios organizaciones mandato solicitudes necesidades prioridades brechas desafíos
lecciones experiencia sensibilización industria academia programa programas directrices lista
listas certificados usuario verificación riesgo evaluación gestión inteligencia intercambio
información datos electrónicos enjuiciamiento sanciones delitos penales responsabilidad
investigaciones judiciales parlamento redacción enmiendas adopción ratificación convenciones
tratados instrumentos salvaguardias protocolo adicional plan acción hoja ruta estrategia
estratégica comercio empresas exportadores carga puertos aeropuertos marítimo contenedores
inspecciones incautaciones casos bancos financieras instituciones investigadores científicos
códigos conducta ética tecnologías emergentes sintética fabricación aditiva drones reunión
taller seminario conferencia semana día primer segundo tercer mañana tarde apertura clausura
palabras bienvenida oradores moderador presidente representantes gobierno país anfitrión región
miembros observadores destacó señaló acogió recomendó identificó compartió explicó describió
examinó alentó expresó interés apoyo necesidad importancia papel progreso resultados seguimiento
próximos pasos
"""

RUSSIAN = """
и в на по с для о к из от что как также это при а или не их его её был были является
резолюция осуществление национальный национальные участники государства эксперты Комитет меры
региональный контроль экспорт экспортный границы таможня таможенный правоприменение
законодательство правовой рамки нормативный лицензирование биологическое химическое ядерное
радиологическое оружие средства доставки материалы товары двойного назначения технологии
передача транзит посредничество финансирование терроризм негосударственные субъекты
безопасность сохранность биобезопасность лаборатория патогены токсины прекурсоры учёт
физическая защита объекты источники обнаружение оборудование подготовка потенциал помощь
сотрудничество координация межведомственный министерство агентство орган должностные лица
делегации доклады заседание заседания круглый стол обсуждение учения сценарий отчёт
обязательства практика эффективные международный субрегиональный двусторонний многосторонний
партнёры организации мандат запросы потребности приоритеты пробелы вызовы опыт
информированность промышленность академическое сообщество соблюдение программа руководство
список сертификаты конечный пользователь проверка риск оценка управление разведка обмен
информацией данные системы уголовное преследование санкции правонарушения ответственность
расследования парламент поправки принятие ратификация конвенции договоры инструменты гарантии
протокол план действий стратегия торговля компании экспортёры грузы порты аэропорты контейнеры
досмотр изъятия банки финансовые учреждения исследователи учёные кодексы поведения этика
совещание семинар конференция неделя день первый второй третий утро открытие закрытие
выступление докладчики председатель представители правительство страна регион члены
наблюдатели подчеркнул отметил приветствовал рекомендовал определил поделился объяснил описал
рассмотрел выразил интерес поддержка важность роль прогресс результаты следующие шаги
"""

ARABIC = """
في من على إلى عن مع أن التي الذي هذا هذه كما وقد بين حول خلال
القرار تنفيذ الوطنية المشاركون الدول الخبراء اللجنة التدابير الإقليمية مراقبة الصادرات الحدود
الجمارك إنفاذ التشريعات الإطار القانوني الترخيص البيولوجية الكيميائية النووية الإشعاعية
الأسلحة وسائل إيصالها المواد السلع المزدوجة الاستخدام التكنولوجيا النقل العبور السمسرة
تمويل الإرهاب الجهات غير التابعة للدول الأمن السلامة المختبرات الحماية المادية الكشف
المعدات التدريب بناء القدرات المساعدة التعاون التنسيق الوزارة الهيئة المسؤولين الوفود
العروض الجلسة المناقشة التمرين التقرير الالتزامات الممارسات الدولية الشركاء المنظمات
الاحتياجات الأولويات التحديات الخبرة التوعية الصناعة الامتثال البرنامج المبادئ التوجيهية
التحقق المخاطر التقييم الإدارة تبادل المعلومات البيانات العقوبات الجرائم التحقيقات البرلمان
الاتفاقيات المعاهدات الضمانات البروتوكول خطة العمل الاستراتيجية التجارة الشركات الموانئ
المطارات الحاويات التفتيش المصارف المؤسسات الباحثين العلماء الاجتماع حلقة العمل الندوة
المؤتمر الأسبوع اليوم الأول الثاني الثالث الافتتاح الاختتام الرئيس الممثلين الحكومة البلد
المنطقة الأعضاء المراقبين أكد أشار رحب أوصى حدد شرح وصف ناقش أعرب الدعم الأهمية الدور
التقدم النتائج المتابعة الخطوات
"""

# -- shared by every language ----------------------------------------------------------------

ACRONYMS = """
IAEA OPCW WCO UNODC INTERPOL OSCE UNICRI UNODA UNOCT CTED FATF WHO WOAH BWC CWC NPT CTBTO
ISU GICNT NSG MTCR EU AU ASEAN CARICOM SICA OAS ECOWAS SADC EAC IGAD CICA CIS CSTO SCO RATS
GUAM BSEC PIF SPC ARF ICAO IMO UPU ITU UNDP UNEP UNITAR UNIDIR WMD CBRN HEU LEU
"""

# The capital (or a large city) of each State, by ISO alpha-3: the venues of events.
CAPITALS = {
    "AFG": "Kabul", "ALB": "Tirana", "DZA": "Alger", "AND": "Andorra la Vella", "AGO": "Luanda",
    "ATG": "Saint John's", "ARG": "Buenos Aires", "ARM": "Yerevan", "AUS": "Canberra",
    "AUT": "Vienna", "AZE": "Baku", "BHS": "Nassau", "BHR": "Manama", "BGD": "Dhaka",
    "BRB": "Bridgetown", "BLR": "Minsk", "BEL": "Bruxelles", "BLZ": "Belmopan",
    "BEN": "Cotonou", "BTN": "Thimphu", "BOL": "La Paz", "BIH": "Sarajevo", "BWA": "Gaborone",
    "BRA": "Brasília", "BRN": "Bandar Seri Begawan", "BGR": "Sofia", "BFA": "Ouagadougou",
    "BDI": "Gitega", "CPV": "Praia", "KHM": "Phnom Penh", "CMR": "Yaoundé", "CAN": "Ottawa",
    "CAF": "Bangui", "TCD": "N'Djamena", "CHL": "Santiago", "CHN": "Beijing",
    "COL": "Bogotá", "COM": "Moroni", "COG": "Brazzaville", "CRI": "San José",
    "HRV": "Zagreb", "CUB": "La Habana", "CYP": "Nicosia", "CZE": "Praha",
    "CIV": "Abidjan", "PRK": "Pyongyang", "COD": "Kinshasa", "DNK": "København",
    "DJI": "Djibouti", "DMA": "Roseau", "DOM": "Santo Domingo", "ECU": "Quito",
    "EGY": "Cairo", "SLV": "San Salvador", "GNQ": "Malabo", "ERI": "Asmara",
    "EST": "Tallinn", "SWZ": "Mbabane", "ETH": "Addis Ababa", "FJI": "Suva",
    "FIN": "Helsinki", "FRA": "Paris", "GAB": "Libreville", "GMB": "Banjul",
    "GEO": "Tbilisi", "DEU": "Berlin", "GHA": "Accra", "GRC": "Athens", "GRD": "Saint George's",
    "GTM": "Guatemala City", "GIN": "Conakry", "GNB": "Bissau", "GUY": "Georgetown",
    "HTI": "Port-au-Prince", "VAT": "Vatican City", "HND": "Tegucigalpa", "HUN": "Budapest",
    "ISL": "Reykjavík", "IND": "New Delhi", "IDN": "Jakarta", "IRN": "Tehran",
    "IRQ": "Baghdad", "IRL": "Dublin", "ISR": "Jerusalem", "ITA": "Roma", "JAM": "Kingston",
    "JPN": "Tokyo", "JOR": "Amman", "KAZ": "Astana", "KEN": "Nairobi", "KIR": "Tarawa",
    "KWT": "Kuwait City", "KGZ": "Bishkek", "LAO": "Vientiane", "LVA": "Riga",
    "LBN": "Beirut", "LSO": "Maseru", "LBR": "Monrovia", "LBY": "Tripoli", "LIE": "Vaduz",
    "LTU": "Vilnius", "LUX": "Luxembourg", "MDG": "Antananarivo", "MWI": "Lilongwe",
    "MYS": "Kuala Lumpur", "MDV": "Malé", "MLI": "Bamako", "MLT": "Valletta",
    "MHL": "Majuro", "MRT": "Nouakchott", "MUS": "Port Louis", "MEX": "Ciudad de México",
    "FSM": "Palikir", "MCO": "Monaco", "MNG": "Ulaanbaatar", "MNE": "Podgorica",
    "MAR": "Rabat", "MOZ": "Maputo", "MMR": "Nay Pyi Taw", "NAM": "Windhoek", "NRU": "Yaren",
    "NPL": "Kathmandu", "NLD": "Den Haag", "NZL": "Wellington", "NIC": "Managua",
    "NER": "Niamey", "NGA": "Abuja", "MKD": "Skopje", "NOR": "Oslo", "OMN": "Muscat",
    "PAK": "Islamabad", "PLW": "Ngerulmud", "PAN": "Panamá", "PNG": "Port Moresby",
    "PRY": "Asunción", "PER": "Lima", "PHL": "Manila", "POL": "Warszawa", "PRT": "Lisboa",
    "QAT": "Doha", "KOR": "Seoul", "MDA": "Chișinău", "ROU": "București",
    "RUS": "Moskva", "RWA": "Kigali", "KNA": "Basseterre", "LCA": "Castries",
    "VCT": "Kingstown", "WSM": "Apia", "SMR": "San Marino", "STP": "São Tomé",
    "SAU": "Riyadh", "SEN": "Dakar", "SRB": "Beograd", "SYC": "Victoria",
    "SLE": "Freetown", "SGP": "Singapore", "SVK": "Bratislava", "SVN": "Ljubljana",
    "SLB": "Honiara", "SOM": "Mogadishu", "ZAF": "Pretoria", "SSD": "Juba", "ESP": "Madrid",
    "LKA": "Colombo", "PSE": "Ramallah", "SDN": "Khartoum", "SUR": "Paramaribo",
    "SWE": "Stockholm", "CHE": "Genève", "SYR": "Damascus", "TJK": "Dushanbe",
    "THA": "Bangkok", "TLS": "Dili", "TGO": "Lomé", "TON": "Nuku'alofa",
    "TTO": "Port of Spain", "TUN": "Tunis", "TKM": "Ashgabat", "TUV": "Funafuti",
    "TUR": "Ankara", "UGA": "Kampala", "UKR": "Kyiv", "ARE": "Abu Dhabi", "GBR": "London",
    "TZA": "Dodoma", "USA": "Washington", "URY": "Montevideo", "UZB": "Tashkent",
    "VUT": "Port Vila", "VEN": "Caracas", "VNM": "Hà Nội", "YEM": "Sana'a",
    "ZMB": "Lusaka", "ZWE": "Harare",
}  # fmt: skip

# Syllables of the made-up words (place names, surnames, technical terms in no language).
ONSETS = "b br c ch d dr f g gr h j k kh l m n p pr r s sh st t tr v w z zh"
NUCLEI = "a e i o u a e i o ai ei ou ia"
CODAS = "- - - n r l s m nd st k x"  # "-": the syllable ends with its vowel

FIRST_NAMES = """
Amina Omar Fatou Ibrahim Chen Wei Li Na Olga Dmitri Ana Carlos María José Sofía Pierre Claire
Jean Hélène Kwame Ama Yusuf Leila Hassan Noura Priya Arjun Kenji Yuki Min-jun Ji-woo Lars Ingrid
Mateo Valentina Tomás Aisha Kofi Abebe Tendai Nadia Sergei Irina Oksana Giorgi Nino Aigerim Timur
Farida Rustam Bui Linh Siosaia Mele Anahera Tama
"""

LAST_NAMES = """
Diallo Ndiaye Traoré Mensah Okafor Abebe Mwangi Banda Moyo Nkosi Haddad Khalil Mansour Farouk
Rahman Chowdhury Sharma Patel Singh Perera Tanaka Suzuki Kim Park Wang Zhang Liu Nguyen Tran
Santos Silva Pereira García Rodríguez Fernández López Martínez Gómez Díaz Álvarez Müller Schmidt
Dubois Lefèvre Moreau Rossi Bianchi Novak Kowalski Ivanov Petrova Smirnov Kuznetsova Beridze
Aliyev Nazarbayeva Tursunov Hansen Johansson Virtanen O'Brien MacLeod Taufa Ngata Fonoti
"""

TOPICS = [
    "export control of dual-use goods",
    "border and customs enforcement",
    "biosafety and biosecurity",
    "the implementation of resolution 1540 (2004)",
    "national implementation action plans",
    "chemical security",
    "countering proliferation financing",
    "nuclear security culture",
    "the security of radioactive sources",
    "maritime interdiction",
    "counter-terrorism legislation",
    "transit and transshipment controls",
    "intangible transfers of technology",
    "outreach to academia",
    "internal compliance programmes in industry",
    "strategic trade management",
    "criminalization of proliferation offences",
    "emerging technologies and non-State actors",
    "physical protection of nuclear material",
    "detection of radiological and nuclear material at borders",
    "the Biological Weapons Convention",
    "the Chemical Weapons Convention",
    "preventing illicit brokering",
    "end-user verification",
    "laboratory biorisk management",
    "chemical precursors and toxic industrial chemicals",
    "parliamentary action against weapons of mass destruction",
    "peer review of national measures",
    "national reporting to the 1540 Committee",
    "assistance requests and offers",
    "the role of civil society",
    "youth and disarmament education",
    "gender and nonproliferation",
    "additive manufacturing and export controls",
    "unmanned aerial systems",
    "cyber risks to nuclear and chemical facilities",
]

AUDIENCES = [
    "customs officers",
    "licensing officials",
    "prosecutors and judges",
    "parliamentarians",
    "laboratory managers",
    "border guards",
    "financial intelligence units",
    "port authorities",
    "industry compliance officers",
    "national points of contact",
    "diplomats",
    "first responders",
]

ORGANIZATION_PATTERNS = [
    ("Ministry of Foreign Affairs of {country}", "government"),
    ("Ministry of Trade of {country}", "government"),
    ("Customs Administration of {country}", "government"),
    ("National Export Control Authority of {country}", "government"),
    ("Nuclear Regulatory Authority of {country}", "government"),
    ("National Authority for the Chemical Weapons Convention of {country}", "government"),
    ("Financial Intelligence Unit of {country}", "government"),
    ("National Public Health Institute of {country}", "government"),
    ("University of {city}", "academia"),
    ("{city} Centre for Security Studies", "academia"),
    ("{city} Chamber of Commerce", "industry"),
]

INTERNATIONAL_ORGANIZATIONS = [
    ("International Atomic Energy Agency", "IAEA", "international"),
    ("Organisation for the Prohibition of Chemical Weapons", "OPCW", "international"),
    ("World Customs Organization", "WCO", "international"),
    ("United Nations Office on Drugs and Crime", "UNODC", "un_body"),
    ("International Criminal Police Organization", "INTERPOL", "international"),
    ("Organization for Security and Co-operation in Europe", "OSCE", "regional"),
    ("United Nations Office for Disarmament Affairs", "UNODA", "un_body"),
    ("United Nations Office of Counter-Terrorism", "UNOCT", "un_body"),
    ("Counter-Terrorism Committee Executive Directorate", "CTED", "un_body"),
    ("Financial Action Task Force", "FATF", "international"),
    ("World Health Organization", "WHO", "un_body"),
    ("World Organisation for Animal Health", "WOAH", "international"),
    ("Biological Weapons Convention Implementation Support Unit", "BWC ISU", "un_body"),
    ("African Union", "AU", "regional"),
    ("Association of Southeast Asian Nations", "ASEAN", "regional"),
    ("Caribbean Community", "CARICOM", "regional"),
    ("Central American Integration System", "SICA", "regional"),
    ("Organization of American States", "OAS", "regional"),
    ("Economic Community of West African States", "ECOWAS", "regional"),
    ("Southern African Development Community", "SADC", "regional"),
    ("European Union", "EU", "regional"),
    ("Pacific Islands Forum", "PIF", "regional"),
    ("Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization", "SCO RATS",
     "regional"),
    ("Commonwealth of Independent States", "CIS", "regional"),
    ("United Nations Interregional Crime and Justice Research Institute", "UNICRI", "un_body"),
    ("United Nations Institute for Disarmament Research", "UNIDIR", "un_body"),
    ("Comprehensive Nuclear-Test-Ban Treaty Organization", "CTBTO", "international"),
    ("International Maritime Organization", "IMO", "un_body"),
    ("International Civil Aviation Organization", "ICAO", "un_body"),
    ("Stimson Center", "", "ngo"),
    ("VERTIC", "", "ngo"),
    ("King's College London Centre for Science and Security Studies", "CSSS", "academia"),
]  # fmt: skip

CONTACT_POSITIONS = [
    "Director",
    "Deputy Director",
    "Head of Unit",
    "Senior Officer",
    "Legal Adviser",
    "Programme Officer",
    "Counsellor",
    "First Secretary",
    "Inspector",
    "Professor",
    "Researcher",
    "Compliance Manager",
]

ATTENDANCE_ROLES = ["participant", "participant", "participant", "speaker", "chair", "moderator"]
