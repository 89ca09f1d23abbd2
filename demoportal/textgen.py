"""Indonesian news text from sentence templates: names, places, numbers over five beats.

Every sentence is filled from a seeded ``random.Random`` and checked against all sentences already used,
so no two article bodies share more than an accidental sentence (near-duplicate detection needs that).
The templates avoid month names and weekday words: date mentions are added on purpose, elsewhere.
"""

from __future__ import annotations

import random
import re

FIRST = [
    "Budi",
    "Santoso",
    "Agus",
    "Wijaya",
    "Dewi",
    "Lestari",
    "Siti",
    "Rahmawati",
    "Rudi",
    "Hartono",
    "Andi",
    "Saputra",
    "Rina",
    "Marlina",
    "Hendra",
    "Gunawan",
    "Yusuf",
    "Hidayat",
    "Fitri",
    "Handayani",
    "Bambang",
    "Sutrisno",
    "Maya",
    "Puspita",
    "Arif",
    "Rahman",
    "Nur",
    "Aini",
    "Joko",
    "Prasetyo",
    "Lina",
    "Kartika",
    "Eko",
    "Nugroho",
    "Intan",
    "Permata",
    "Dimas",
    "Pratama",
    "Sri",
    "Wahyuni",
    "Fajar",
    "Ramadhan",
    "Wulan",
    "Sari",
    "Teguh",
    "Firmansyah",
    "Ratna",
    "Dewanti",
    "Irfan",
    "Maulana",
    "Yanti",
    "Susanti",
    "Heru",
    "Setiawan",
    "Ayu",
    "Kusuma",
    "Rizky",
    "Fauzan",
    "Nia",
    "Anggraeni",
]
NAMES = [f"{FIRST[i]} {FIRST[i + 1]}" for i in range(0, len(FIRST) - 1, 2)]
CITIES = [
    "Jakarta",
    "Surabaya",
    "Bandung",
    "Medan",
    "Semarang",
    "Makassar",
    "Palembang",
    "Denpasar",
    "Balikpapan",
    "Pontianak",
    "Manado",
    "Yogyakarta",
    "Malang",
    "Padang",
    "Pekanbaru",
    "Batam",
    "Banjarmasin",
    "Kupang",
    "Mataram",
    "Jayapura",
    "Ambon",
    "Bogor",
    "Bekasi",
    "Tangerang",
    "Solo",
]
FOREIGN = [
    "Beijing",
    "Washington",
    "Tokyo",
    "Seoul",
    "Singapura",
    "Canberra",
    "Brussel",
    "London",
    "Moskow",
    "Kyiv",
    "Ankara",
    "Riyadh",
]
COUNTRIES = [
    "Jepang",
    "Korea Selatan",
    "Singapura",
    "Australia",
    "India",
    "Jerman",
    "Prancis",
    "Turki",
    "Brasil",
    "Malaysia",
    "Vietnam",
]
COMPANIES = [
    "PT Sinar Nusantara Tbk",
    "PT Mega Karya Persada",
    "PT Bumi Cahaya Energi Tbk",
    "PT Samudra Logistik Indonesia",
    "PT Garuda Pangan Lestari",
    "PT Cipta Digital Nusantara",
    "PT Arta Graha Properti Tbk",
    "PT Kencana Tambang Abadi",
]
MINISTRIES = [
    "Kementerian Keuangan",
    "Kementerian Perdagangan",
    "Kementerian Perindustrian",
    "Kementerian BUMN",
    "Kementerian Komunikasi dan Informatika",
    "Kementerian Dalam Negeri",
    "Kementerian Pertanian",
]
PARTIES = ["Partai Nusantara Raya", "Partai Karya Bangsa", "Partai Amanat Rakyat", "Partai Harapan Baru"]
CLUBS = [
    "Persija",
    "Persib",
    "Arema FC",
    "Bali United",
    "PSM Makassar",
    "Persebaya",
    "Borneo FC",
    "PSIS Semarang",
    "Madura United",
]
GADGETS = [
    "ponsel lipat",
    "jam tangan pintar",
    "laptop tipis",
    "tablet pelajar",
    "router 5G",
    "kamera aksi",
    "earbud nirkabel",
]
APPS = [
    "aplikasi dompet digital",
    "platform belanja daring",
    "layanan komputasi awan",
    "aplikasi ojek daring",
]
COMMODITIES = [
    "beras",
    "minyak goreng",
    "cabai merah",
    "bawang putih",
    "gula pasir",
    "daging sapi",
    "telur ayam",
]
ROLES = [
    "Kepala Ekonom",
    "Direktur Utama",
    "Ketua Umum",
    "Juru Bicara",
    "Sekretaris Jenderal",
    "Kepala Divisi Riset",
]

TEMPLATES: dict[str, list[str]] = {
    "ekonomi": [
        "Indeks Harga Saham Gabungan ditutup {updown} {pct}% ke level {index} pada perdagangan sore ini.",
        "{company} membukukan laba bersih Rp {bil} triliun, {updown2} {pct}% dibandingkan periode yang sama.",
        "Harga {commodity} di pasar tradisional {city} tercatat Rp {thousand}.000 per kilogram.",
        "{role} {company}, {name}, mengatakan perusahaan menyiapkan belanja modal Rp {bil} triliun.",
        "Menurut {name}, permintaan kredit di sektor {sector} tumbuh {pct}% secara tahunan.",
        "{ministry} menargetkan pertumbuhan ekonomi {small},{digit}% dengan inflasi di kisaran {small}%.",
        "Nilai tukar rupiah {updown} {num} poin ke Rp {rate} per dolar AS di pasar spot.",
        "Ekspor {commodity2} ke {country} naik {pct}% menjadi {num} juta dolar AS.",
        "Para pelaku usaha di {city} berharap biaya logistik turun hingga {pct}% tahun ini.",
        "{name} menilai kebijakan suku bunga acuan masih akan menahan laju konsumsi rumah tangga.",
        "Sebanyak {num} pelaku UMKM di {city} mendapatkan pendampingan akses pembiayaan.",
        "Rencana penawaran umum perdana {company} ditargetkan meraup dana Rp {num} miliar.",
        "Analis {company2} memperkirakan harga saham sektor {sector} bergerak di rentang {index}"
        " hingga {index2}.",
        "Cadangan devisa tercatat {num2} miliar dolar AS, cukup untuk membiayai {small} bulan impor.",
        "Pemerintah daerah {city} mengalokasikan Rp {num} miliar untuk operasi pasar {commodity}.",
    ],
    "politik": [
        "{party} resmi mengusung {name} sebagai bakal calon kepala daerah {city}.",
        "Ketua DPRD {city}, {name}, meminta pemerintah daerah mempercepat penyerapan anggaran.",
        "Sebanyak {num} anggota dewan hadir dalam rapat paripurna yang berlangsung selama {small} jam.",
        "{ministry} menyatakan revisi aturan itu akan dibahas bersama {num} pemangku kepentingan.",
        "Survei lembaga riset di {city} menunjukkan elektabilitas {party} mencapai {pct}%.",
        "{name} menegaskan partainya terbuka untuk berkoalisi dengan {party}.",
        "Komisi Pemilihan Umum {city} mencatat {num} ribu pemilih baru dalam daftar sementara.",
        "Menurut {name}, pembahasan rancangan undang-undang itu melibatkan akademisi dari {num} kampus.",
        "Badan Pengawas Pemilu {city} menerima {small} laporan dugaan pelanggaran kampanye.",
        "{role} {party}, {name}, menyebut konsolidasi kader di {city} sudah rampung.",
        "Gubernur meminta {num} kepala desa di wilayah {city} menjaga netralitas aparatur.",
        "Pengamat politik {name} menilai peta koalisi masih akan berubah hingga pendaftaran calon.",
        "Rapat kerja dengan {ministry} membahas pagu anggaran sebesar Rp {num} miliar.",
        "Warga {city} diminta memeriksa data pemilih di {num} posko yang disiapkan panitia.",
    ],
    "olahraga": [
        "{club} menang {score} atas {club2} dalam laga yang digelar di {city}.",
        "Pelatih {club}, {name}, mengaku puas dengan permainan anak asuhnya di babak kedua.",
        "Gol kemenangan dicetak {name} pada menit ke-{minute} melalui sundulan kepala.",
        "Dengan hasil itu {club} naik ke peringkat {small} klasemen sementara dengan {num3} poin.",
        "Sebanyak {num} ribu suporter memadati stadion di {city} sejak sore.",
        "Pebulu tangkis {name} melaju ke babak perempat final setelah menang dua gim langsung.",
        "{name} mencatatkan waktu {small}:{digit}{digit2} dalam nomor lari {num3}0 meter.",
        "Manajemen {club} memperpanjang kontrak {name} hingga {small} musim ke depan.",
        "Kapten {club}, {name}, meminta rekan-rekannya fokus menghadapi {club2}.",
        "Panitia menyiapkan {num} petugas keamanan untuk laga {club} melawan {club2}.",
        "Atlet asal {city}, {name}, menyumbang medali emas dari cabang panjat tebing.",
        "Tim nasional menjalani pemusatan latihan di {city} selama {small} pekan.",
        "Wasit mengeluarkan {small} kartu kuning dalam pertandingan yang berlangsung keras itu.",
    ],
    "teknologi": [
        "{company} meluncurkan {gadget} terbaru dengan harga mulai Rp {thousand}.000.",
        "Pengguna {app} di Indonesia disebut mencapai {num} juta orang.",
        "{name} menjelaskan perangkat itu dibekali baterai {num3}00 mAh dan pengisian cepat.",
        "Kementerian Komunikasi dan Informatika memblokir {num} situs yang menyebarkan konten penipuan.",
        "Menurut {name}, investasi pusat data di {city} akan menyerap {num} tenaga kerja.",
        "Perusahaan rintisan asal {city} meraih pendanaan {num2} juta dolar AS dari investor {country}.",
        "{role} {company}, {name}, menyebut jaringan 5G kini menjangkau {num} kota.",
        "Serangan siber terhadap {num} lembaga tercatat sepanjang tahun ini, menurut {name}.",
        "Fitur kecerdasan buatan pada {gadget} itu mampu menerjemahkan {num3} bahasa.",
        "Penjualan {gadget} di {city} naik {pct}% menjelang akhir tahun.",
        "{app} menambah layanan pembayaran tagihan bagi {num} ribu mitra usaha.",
        "{name} mengingatkan pengguna agar tidak membagikan kode OTP kepada siapa pun.",
        "Harga {gadget} diperkirakan turun {pct}% setelah pasokan cip kembali normal.",
    ],
    "internasional": [
        "Pemerintah di {foreign} menyatakan siap membuka kembali dialog dengan negara tetangga.",
        "Menteri Luar Negeri {country} mengunjungi {foreign} untuk membahas kerja sama energi.",
        "Sebanyak {num} warga dievakuasi setelah banjir melanda wilayah utara {country}.",
        "Kantor berita setempat melaporkan {num} orang terluka dalam insiden di pusat kota {foreign}.",
        "{name}, diplomat asal Indonesia, menyebut perundingan di {foreign} berjalan konstruktif.",
        "Parlemen {country} menyetujui anggaran pertahanan senilai {num2} miliar dolar AS.",
        "Bank sentral {country} menaikkan suku bunga sebesar {small}0 basis poin.",
        "Kedutaan Besar RI di {foreign} memastikan {num} WNI dalam kondisi aman.",
        "Harga minyak dunia {updown} {pct}% setelah pertemuan negara produsen di {foreign}.",
        "Pemimpin kedua negara sepakat memperluas perdagangan hingga {num2} miliar dolar AS.",
        "Demonstrasi di {foreign} diikuti sekitar {num} ribu orang menurut polisi setempat.",
        "Organisasi kemanusiaan mengirim {num} ton bantuan pangan ke perbatasan {country}.",
        "Analis di {foreign}, {name}, menilai ketegangan kawasan belum akan mereda dalam waktu dekat.",
    ],
}
COMMON = [
    "Hal itu disampaikan {name} saat ditemui di {city}.",
    "{name} berharap langkah tersebut bisa dirasakan masyarakat luas.",
    "Pihaknya juga akan melakukan evaluasi secara berkala setiap {small} bulan.",
    "Ia menambahkan, koordinasi dengan pemerintah pusat terus dilakukan.",
    "Langkah itu, kata {name}, diambil setelah mendengar masukan dari {num} pihak.",
    "Menurut dia, target tersebut realistis jika semua pihak bekerja sama.",
    "Data itu dihimpun dari {num} responden di {small} provinsi.",
    "{name} mengatakan pihaknya tidak ingin terburu-buru mengambil keputusan.",
]
HEADLINES: dict[str, list[str]] = {
    "ekonomi": [
        "IHSG {updown_title} {pct}% Jelang Rilis Data Inflasi {city}",
        "{company} Bidik Laba Rp {bil} Triliun Tahun Ini",
        "Harga {commodity_title} di {city} Tembus Rp {thousand}.000 per Kilogram",
        "{ministry} Siapkan Rp {num} Miliar untuk UMKM {city}",
        "Rupiah {updown_title} {num} Poin, Analis {name} Ungkap Penyebabnya",
    ],
    "politik": [
        "{party} Usung {name} di Pilkada {city}",
        "DPRD {city} Desak Percepatan Serapan Anggaran Rp {num} Miliar",
        "KPU {city} Catat {num} Ribu Pemilih Baru",
        "{name}: Koalisi dengan {party} Masih Terbuka",
        "Bawaslu {city} Terima {small} Laporan Pelanggaran Kampanye",
    ],
    "olahraga": [
        "{club} Tundukkan {club2} {score} di {city}",
        "{name} Bawa {club} Naik ke Peringkat {small}",
        "Pelatih {club} Puji Mental Pemain Usai Laga di {city}",
        "{name} Sumbang Emas Panjat Tebing untuk {city}",
        "{club} Perpanjang Kontrak {name} hingga {small} Musim",
    ],
    "teknologi": [
        "{company} Rilis {gadget_title} Seharga Rp {thousand}.000",
        "Pengguna {app_title} Tembus {num} Juta Orang",
        "Startup {city} Raih Pendanaan {num2} Juta Dolar AS",
        "Jaringan 5G Kini Jangkau {num} Kota, Kata {name}",
        "Kominfo Blokir {num} Situs Penipuan dalam Sepekan",
    ],
    "internasional": [
        "{country} dan {country2} Sepakat Perluas Perdagangan",
        "KBRI {foreign} Pastikan {num} WNI Aman",
        "Bank Sentral {country} Naikkan Suku Bunga {small}0 Basis Poin",
        "Banjir Landa {country}, {num} Warga Dievakuasi",
        "Menlu {country} Kunjungi {foreign} Bahas Kerja Sama Energi",
    ],
}
SECTORS = ["perbankan", "konsumer", "properti", "energi", "pertambangan", "infrastruktur", "telekomunikasi"]

_SLOT = re.compile(r"\{(\w+)\}")


class TextMaker:
    """Fills templates from a seeded RNG and refuses to reuse a sentence or headline."""

    def __init__(self, rng: random.Random, used: set[str] | None = None) -> None:
        self.rng = rng
        self.used: set[str] = set() if used is None else used

    def _value(self, slot: str) -> str:
        r = self.rng
        match slot:
            case "name" | "name2":
                return r.choice(NAMES)
            case "city":
                return r.choice(CITIES)
            case "foreign":
                return r.choice(FOREIGN)
            case "country" | "country2":
                return r.choice(COUNTRIES)
            case "company" | "company2":
                return r.choice(COMPANIES)
            case "ministry":
                return r.choice(MINISTRIES)
            case "party":
                return r.choice(PARTIES)
            case "club" | "club2":
                return r.choice(CLUBS)
            case "gadget":
                return r.choice(GADGETS)
            case "gadget_title":
                return r.choice(GADGETS).title()
            case "app":
                return r.choice(APPS)
            case "app_title":
                return r.choice(APPS).title()
            case "commodity" | "commodity2":
                return r.choice(COMMODITIES)
            case "commodity_title":
                return r.choice(COMMODITIES).title()
            case "role":
                return r.choice(ROLES)
            case "sector":
                return r.choice(SECTORS)
            case "updown":
                return r.choice(["menguat", "melemah", "naik", "turun"])
            case "updown2":
                return r.choice(["naik", "turun", "tumbuh"])
            case "updown_title":
                return r.choice(["Menguat", "Melemah", "Naik", "Turun"])
            case "pct":
                return f"{r.randint(1, 48)},{r.randint(1, 99):02d}"
            case "bil":
                return f"{r.randint(1, 40)},{r.randint(1, 9)}"
            case "index" | "index2":
                return f"{r.randint(6, 7)}.{r.randint(0, 999):03d},{r.randint(0, 99):02d}"
            case "thousand":
                return str(r.randint(12, 990))
            case "num":
                return str(r.randint(12, 950))
            case "num2":
                return f"{r.randint(2, 140)},{r.randint(1, 9)}"
            case "num3":
                return str(r.randint(2, 60))
            case "rate":
                return f"15.{r.randint(0, 999):03d}"
            case "small":
                return str(r.randint(2, 9))
            case "digit" | "digit2":
                return str(r.randint(0, 9))
            case "minute":
                return str(r.randint(3, 89))
            case "score":
                a = r.randint(1, 4)
                return f"{a}-{r.randint(0, a - 1)}"
        raise KeyError(slot)

    def fill(self, template: str) -> str:
        """Fill every slot; a ``…2`` slot never repeats its partner (no club plays itself)."""
        chosen: dict[str, str] = {}

        def value(m: re.Match[str]) -> str:
            slot = m.group(1)
            for _ in range(20):
                v = self._value(slot)
                if not (slot.endswith("2") and chosen.get(slot[:-1]) == v):
                    break
            chosen[slot] = v
            return v

        return _SLOT.sub(value, template)

    def sentence(self, topic: str) -> str:
        """A fresh sentence on ``topic`` that no article has used yet."""
        pool = TEMPLATES[topic] * 3 + COMMON
        for _ in range(200):
            s = self.fill(self.rng.choice(pool))
            if s not in self.used:
                self.used.add(s)
                return s
        raise RuntimeError("sentence templates exhausted")

    def headline(self, topic: str) -> str:
        for _ in range(200):
            h = self.fill(self.rng.choice(HEADLINES[topic]))
            if h not in self.used:
                self.used.add(h)
                return h
        raise RuntimeError("headline templates exhausted")


def slugify(text: str) -> str:
    """WordPress-style slug: lower case ASCII words joined by dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
