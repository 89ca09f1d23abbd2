"""The seed article (JagatBisnis, 2022-03-15) exactly as the portal publishes it.

The text is the one in the team's seed-article.txt; the two words that copy lost (auto-linked tag
words) are restored here as tag links, so the truth body HAS them.
"""

from __future__ import annotations

from .model import Mention, Paragraph, Part

SLUG = "china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian"
HEADLINE = "China Sebut Rusia Bersedia Adakan Pembicaraan Perdamaian"
DESCRIPTION = "Pemerintah China memastikan mendukung upaya damai antara Rusia dan Ukraina."
PUBLISHED_UTC = "2022-03-15T01:12:40+00:00"
MODIFIED_UTC = "2022-03-15T01:20:11+00:00"
REPORTER_CODE = "pia"
DATELINE = None  # "JagatBisnis.com –" names only the brand: no place
DATELINE_HTML = "JagatBisnis.com –&nbsp;"

# Titles of the three "Baca Juga" inserts; the site generates these as real (older) articles.
RELATED = (
    (
        "mantan-petinggi-partai-komunis-china-divonis-hukuman-mati-karena-terima-suap",
        "Mantan Petinggi Partai Komunis China Divonis Hukuman Mati karena Terima Suap",
        "2022-03-11T10:05:00+07:00",
    ),
    (
        "zelensky-kecam-kegilaan-rusia-serang-pabrik-kimia-di-timur-ukraina",
        "Zelensky Kecam 'Kegilaan' Rusia Serang Pabrik Kimia di Timur Ukraina",
        "2022-03-13T16:40:00+07:00",
    ),
    (
        "kedubes-as-minta-warganya-tinggalkan-ukraina",
        "Kedubes AS Minta Warganya Tinggalkan Ukraina",
        "2022-03-09T07:25:00+07:00",
    ),
)
INSERTS_AFTER = (2, 4, 7)  # the inserts follow these paragraph indexes (0-based)


def _t(text: str) -> Part:
    return Part("text", text)


def paragraphs() -> list[Paragraph]:
    """The clean paragraphs of the seed, with tag links where the page links words."""
    return [
        Paragraph(
            [
                _t(
                    "Pemerintah China memastikan mendukung upaya damai antara Rusia dan Ukraina. Hal ini "
                    "dipastikan dari pernyataan pejabat China kepada Amerika Serikat (AS) saat"
                    " pertemuan antara "
                    "Penasihat Keamanan Nasional AS Jake Sullivan dan Pejabat Kebijakan Luar Negeri"
                    " China, Yang "
                    "Jiechi, di Roma, Senin (14/3)."
                )
            ],
            [Mention("Senin (14/3)", "2022-03-14", True)],
        ),
        Paragraph(
            [
                _t(
                    "Pertemuan ini telah lama direncanakan sebagai tindak lanjut pembicaraan"
                    " bilateral antara Xi "
                    "Jinping dan Joe Biden pada November 2021 lalu dan akhirnya dilaksanakan di"
                    " tengah munculnya "
                    "laporan bahwa "
                ),
                Part("link", "Rusia", "/tag/rusia/"),
                _t(" meminta China untuk memasok senjata guna menyerang Ukraina."),
            ]
        ),
        Paragraph(
            [
                _t(
                    "Laporan tersebut disambut kemarahan dari Beijing dan menjadi fokus utama"
                    " pertemuan China dengan AS."
                )
            ]
        ),
        Paragraph(
            [
                _t(
                    "Diberitakan The Guardian, dalam pertemuan itu dibahas terkait desakan terhadap"
                    " semua pihak "
                    "untuk ‘menahan serangan secara maksimum’, melindungi warga sipil, dan mencegah krisis "
                    "kemanusiaan di "
                ),
                Part("link", "Ukraina", "/tag/ukraina/"),
                _t("."),
            ]
        ),
        Paragraph(
            [
                _t(
                    "China juga telah mengirim bantuan kemanusiaan ke Ukraina. Mereka juga"
                    " menegaskan semua pihak "
                    "untuk saling mendengarkan kekhawatiran masing-masing."
                )
            ]
        ),
        Paragraph(
            [
                _t(
                    "China juga mengajak semua pihak untuk menghormati “kedaulatan dan integritas"
                    " teritorial semua "
                    "negara”, serta sejarah Ukraina “harus diluruskan”."
                )
            ]
        ),
        Paragraph(
            [
                _t(
                    "“China berkomitmen untuk mempromosikan pembicaraan damai, dan masyarakat"
                    " internasional harus "
                    "bersama-sama mendukung pembicaraan damai Rusia-Ukraina, mencapai hasil"
                    " substantif sesegera "
                    "mungkin, dan menyerukan pendinginan situasi sesegera mungkin,” papar Beijing."
                )
            ]
        ),
        Paragraph(
            [
                _t(
                    "Mereka tidak secara khusus merujuk pada klaim permintaan senjata Rusia tetapi"
                    " membahas pada "
                    "tuduhan yang dibuat bahwa laporan itu adalah pernyataan yang salah dan dirancang untuk "
                    "‘mencoreng’ peran China di tengah konflik Rusia dan Ukraina."
                )
            ]
        ),
        Paragraph(
            [
                _t(
                    "Sementara itu, pihak AS mengatakan pertemuan dengan China tersebut merupakan"
                    " “sesi tujuh jam "
                    "yang intens, yang mencerminkan urgensi momen”."
                )
            ]
        ),
        Paragraph(
            [
                _t(
                    "Mereka juga berkomitmen untuk mempertahankan jalur komunikasi terbuka dengan"
                    " China tetapi "
                    "tidak merinci diskusi tentang laporan senjata"
                )
            ]
        ),
    ]
