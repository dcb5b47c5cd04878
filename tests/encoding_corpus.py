# ruff: noqa: RUF001 (letters that look like Latin ones are the point: text in other scripts)
"""Articles in ten encodings, as Unicode: the tests encode them themselves.

Each is a short news story in a language its encoding is made for, long
enough (several paragraphs) to be what a real page holds. The Latin-1 text
keeps to Latin-1's letters (no curly quotes, no "œ"); the windows-1252 one
uses the letters windows-1252 adds (curly quotes, dashes, "€", "œ").
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Specimen:
    encoding: str  # the charset label a page would declare
    title: str
    paragraphs: tuple[str, ...]


CORPUS = (
    Specimen(
        "utf-8",
        "Zürich: Straßenbahn fährt wieder, Ärger über Verspätungen",
        (
            "Nach drei Wochen Bauarbeiten fährt die Straßenbahn zwischen dem Hauptbahnhof "
            "und dem Bellevue wieder. Die Verkehrsbetriebe entschuldigten sich für die "
            "Verspätungen, die viele Pendler in den vergangenen Tagen ärgerten.",
            "„Wir haben die Arbeiten so schnell wie möglich abgeschlossen“, sagte eine "
            "Sprecherin. Die Gleise seien älter gewesen als erwartet, und an zwei Stellen "
            "hätten die Arbeiter zusätzliche Schäden entdeckt.",
            "Fahrgäste können ab Montag wieder im gewohnten Takt fahren. Für die Woche "
            "danach kündigt die Stadt jedoch neue Bauarbeiten am Escher-Wyss-Platz an, "
            "wo die Weichen ersetzt werden müssen.",
            "Der Quartierverein begrüßte die Wiedereröffnung, forderte aber bessere "
            "Informationen: Viele Ältere hätten von den Umleitungen erst an der "
            "Haltestelle erfahren.",
        ),
    ),
    Specimen(
        "utf-16",
        "Praha: nová lávka přes Vltavu bude hotová na jaře",
        (
            "Stavba nové lávky pro pěší a cyklisty mezi Holešovicemi a Karlínem pokračuje "
            "podle plánu. Dělníci tento týden usadili poslední díl ocelové konstrukce "
            "nad řekou.",
            "„Nejtěžší část máme za sebou,“ řekl stavbyvedoucí. Do konce zimy zbývá "
            "položit povrch, namontovat zábradlí a osvětlení a provést zatěžovací "
            "zkoušky.",
            "Lávka zkrátí cestu mezi oběma čtvrtěmi o více než dvacet minut. Radnice "
            "počítá s tím, že ji denně využijí tisíce lidí, kteří dnes musí přes most "
            "Barikádníků.",
            "Náklady stavby vzrostly kvůli cenám oceli o osm procent. Město tvrdí, že "
            "rozdíl uhradí z rezervy a že jiné projekty kvůli tomu odloženy nebudou.",
        ),
    ),
    Specimen(
        "iso-8859-1",
        "Le café de la gare rouvre après trois mois de travaux",
        (
            "Le café de la gare a rouvert ses portes lundi matin, après trois mois de "
            "travaux. Les habitués étaient déjà là à sept heures, devant un comptoir "
            "entièrement rénové.",
            "La mairie, propriétaire des murs, a financé la réfection de la façade et de "
            "la terrasse. Le gérant a choisi de garder les banquettes d'origine, très "
            "appréciées des voyageurs.",
            "« C'est un lieu de rencontre pour tout le quartier », explique une élue. "
            "Les cheminots y prennent leur café depuis plus de soixante ans, et les "
            "lycéens s'y retrouvent après les cours.",
            "Des concerts seront organisés le vendredi soir pendant l'été. Le premier "
            "aura lieu le mois prochain, à l'occasion de la fête de la musique.",
        ),
    ),
    Specimen(
        "windows-1252",
        "Œuvres rendues : le musée restitue trois tableaux",
        (
            "Le musée a annoncé mardi qu’il restituerait trois tableaux à la famille "
            "d’un collectionneur spolié en 1942. La décision met fin à une procédure "
            "de près de dix ans.",
            "« Nous reconnaissons une injustice », a déclaré la directrice — une "
            "phrase attendue depuis longtemps par les héritiers, qui avaient retrouvé "
            "la trace des œuvres dans un ancien catalogue.",
            "Les tableaux, estimés à 2,4 millions d’€, seront exposés une dernière fois "
            "au public jusqu’à la fin du mois, dans une salle consacrée à leur histoire.",
            "Le ministère a salué un « geste exemplaire » et rappelé que d’autres "
            "dossiers sont à l’étude… dans une vingtaine d’établissements.",
        ),
    ),
    Specimen(
        "windows-1251",
        "В Казани открыли новый мост через Казанку",
        (
            "В среду в Казани открыли движение по новому мосту через реку Казанку. "
            "Строительство заняло два года и обошлось городу дороже, чем планировалось.",
            "По словам мэра, мост разгрузит центральные улицы и сократит время в пути "
            "для жителей северных районов почти на четверть часа в часы пик.",
            "Жители соседних домов жалуются на шум от машин и просят установить "
            "защитные экраны. В администрации обещали рассмотреть эти обращения.",
            "Пешеходная часть моста откроется позже: там ещё укладывают плитку и "
            "монтируют освещение. Работы должны завершиться до конца месяца.",
        ),
    ),
    Specimen(
        "koi8-r",
        "Петербургский театр покажет забытую оперу",
        (
            "Мариинский театр объявил о постановке оперы, которую не исполняли на "
            "сцене более ста лет. Премьера назначена на начало весны.",
            "Партитуру нашли в архиве библиотеки, где она хранилась под неверным "
            "названием. Музыковеды восстанавливали её почти три года.",
            "Главные партии исполнят молодые солисты театра. Дирижёр говорит, что "
            "музыка удивит даже тех, кто хорошо знает русскую оперу.",
            "Билеты поступят в продажу на следующей неделе. Часть мест театр обещает "
            "отдать студентам музыкальных училищ бесплатно.",
        ),
    ),
    Specimen(
        "shift_jis",
        "大阪の商店街、百年の歴史に幕",
        (
            "大阪市内の商店街が今月末で営業を終えることになった。百年以上続いた"
            "商店街で、地元の人々に長く親しまれてきた。",
            "組合の理事長は「時代の流れには逆らえなかった」と話す。近くに大型の"
            "商業施設ができてから、客足は年々減っていたという。",
            "最後の週末には記念の催しが開かれ、昔の写真の展示や餅つきが行われる"
            "予定だ。店主たちは多くの人に来てほしいと呼びかけている。",
            "跡地の利用はまだ決まっていない。市は住民の意見を聞きながら、広場や"
            "図書館などの案を検討するとしている。",
        ),
    ),
    Specimen(
        "euc-kr",
        "서울 지하철 새 노선 다음 달 개통",
        (
            "서울시는 새 지하철 노선이 다음 달 첫째 주에 개통한다고 밝혔다. 공사는 "
            "예정보다 여섯 달 늦게 끝났다.",
            "새 노선은 도심과 서남부 지역을 잇는다. 시는 출퇴근 시간이 평균 이십 분 "
            "정도 줄어들 것으로 기대하고 있다.",
            "일부 주민들은 역 주변의 교통 혼잡을 걱정하고 있다. 시는 버스 노선을 "
            "조정하고 주차장을 늘리겠다고 약속했다.",
            "개통 첫 주에는 요금을 받지 않는다. 시장은 많은 시민이 새 노선을 직접 "
            "타 보기를 바란다고 말했다.",
        ),
    ),
    Specimen(
        "gb18030",
        "杭州西湖边新建图书馆正式开放",
        (
            "杭州西湖边的新图书馆于本周六正式向公众开放。图书馆共有五层，藏书超过八十万册。",
            "馆长表示，新馆特别设置了儿童阅览区和古籍修复展示室，市民可以近距离观看修复师的工作。",
            "开馆当天，很多市民一早就在门口排队。一位退休教师说，她以后每周都会带孙子来这里看书。",
            "图书馆每天开放到晚上九点。为了减少拥挤，前两周需要在网上提前预约入馆时间。",
        ),
    ),
    Specimen(
        "iso-8859-7",
        "Αθήνα: νέο πάρκο στη θέση του παλιού αεροδρομίου",
        (
            "Ο δήμος παρουσίασε την Τρίτη τα σχέδια για το νέο πάρκο στη θέση του "
            "παλιού αεροδρομίου. Οι εργασίες θα ξεκινήσουν μέσα στο καλοκαίρι.",
            "Το πάρκο θα έχει χιλιάδες δέντρα, ποδηλατόδρομους και μια μεγάλη λίμνη. "
            "Οι κάτοικοι της περιοχής το περιμένουν εδώ και πολλά χρόνια.",
            "Ο δήμαρχος είπε ότι το έργο θα αλλάξει την εικόνα όλης της παραλίας. "
            "Περιβαλλοντικές οργανώσεις ζητούν περισσότερο πράσινο και λιγότερα κτίρια.",
            "Η πρώτη φάση θα ολοκληρωθεί σε δύο χρόνια. Ώσπου να τελειώσει, μέρος του "
            "χώρου θα μείνει ανοιχτό για συναυλίες και αγώνες δρόμου.",
            "Άλλοι ζητούν να μείνει ο παλιός πύργος ελέγχου. Όπως λένε, είναι κομμάτι "
            "της ιστορίας της πόλης. Έτσι κι αλλιώς, η απόφαση θα παρθεί του χρόνου.",
        ),
    ),
)
