import re
import unicodedata

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RegionalGroup(models.TextChoices):
    AFRICAN = "AFRICAN", _("African States")
    ASIA_PACIFIC = "ASIA_PACIFIC", _("Asia-Pacific States")
    EEG = "EEG", _("Eastern European States")
    GRULAC = "GRULAC", _("Latin American and Caribbean States")
    WEOG = "WEOG", _("Western European and other States")


def plain_name(name):
    """Lower case, without accents, punctuation or a leading "the": the key names match on."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.sub(r"[^a-z0-9]+", " ", re.sub("['’]", "", letters)).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join("saint" if word == "st" else word for word in words)


# Names the archive and spreadsheets use for States whose UN short name differs. Names that are
# the UN name without its parenthesis ("Iran", "Bolivia", "Netherlands") need no entry.
COUNTRY_ALIASES = {
    "u s": "USA",
    "u k": "GBR",
    "russian fed": "RUS",
    "russia": "RUS",
    "south korea": "KOR",
    "korea": "KOR",
    "north korea": "PRK",
    "dprk": "PRK",
    "vietnam": "VNM",
    "ivory coast": "CIV",
    "united states": "USA",
    "us": "USA",
    "united kingdom": "GBR",
    "uk": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "syria": "SYR",
    "tanzania": "TZA",
    "turkey": "TUR",
    "czech republic": "CZE",
    "moldova": "MDA",
    "laos": "LAO",
    "lao pdr": "LAO",
    "holland": "NLD",
    "swaziland": "SWZ",
    "macedonia": "MKD",
    "former yugoslav republic of macedonia": "MKD",
    "cape verde": "CPV",
    "brunei": "BRN",
    "burma": "MMR",
    "east timor": "TLS",
    "palestine": "PSE",
    "vatican": "VAT",
    "vatican city": "VAT",
    "kyrgyz republic": "KGZ",
    "slovak republic": "SVK",
    "libyan arab jamahiriya": "LBY",
    "drc": "COD",
    "dr congo": "COD",
    "democratic republic of congo": "COD",
    "republic of the congo": "COG",
    "republic of congo": "COG",
    "congo brazzaville": "COG",
    "sao tome": "STP",
    "uae": "ARE",
}


class CountryQuerySet(models.QuerySet):
    def by_name(self):
        """Every name a country goes by, made plain (plain_name), mapped to the country.

        Case, accents and punctuation do not matter; usual variants ("Russia", "Viet Nam"/
        "Vietnam", "UK") come from COUNTRY_ALIASES, and a UN name matches without its
        parenthesis ("Iran" for "Iran (Islamic Republic of)") or by its ISO code."""
        countries = list(self)
        names = {key: country for country in countries for key in country.match_keys()}
        by_iso3 = {country.iso3: country for country in countries}
        aliases = {alias: by_iso3.get(iso3) for alias, iso3 in COUNTRY_ALIASES.items()}
        return names | {alias: country for alias, country in aliases.items() if country}

    def match(self, name):
        """The country a free-text name means, or None (see by_name)."""
        return self.by_name().get(plain_name(name or ""))


class Country(models.Model):
    """A UN Member State or observer State, loaded from contacts/data/countries.csv."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("The short name the United Nations uses."),
    )
    regional_group = models.CharField(
        _("regional group"),
        max_length=12,
        choices=RegionalGroup,
        blank=True,
        help_text=_("UN regional group as UN lists show it; empty for a State in none."),
    )
    is_member = models.BooleanField(
        _("UN Member State"), default=True, help_text=_("Off for observer States.")
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        indexes = [
            # Regional group pages and the "UN regional group" filter of public lists.
            models.Index(fields=["regional_group", "name"], name="country_group_name_idx"),
        ]

    def __str__(self):
        return self.name

    def match_keys(self):
        short = self.name.split(" (")[0]
        return {plain_name(self.name), plain_name(short), self.iso3.lower(), self.iso2.lower()}


class Organization(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government agency")
        INTERNATIONAL = "international", _("International organization")
        REGIONAL = "regional", _("Regional organization")
        UN_BODY = "un_body", _("UN body")
        NGO = "ngo", _("Non-governmental organization")
        ACADEMIA = "academia", _("Academia")
        INDUSTRY = "industry", _("Industry")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300, unique=True)
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, help_text=_("Short form, e.g. “SCO RATS”.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("country"),
        help_text=_("Where it is based; empty for international organizations."),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            # Matching organizations by acronym during archive import.
            models.Index(fields=["acronym"], name="organization_acronym_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Role(models.Model):
    """A standing role a contact holds, e.g. national point of contact."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return self.name


class Contact(models.Model):
    """A person. Staff-only data: nothing of a contact ever reaches a public page."""

    # Where a merge of duplicates writes the values it does not keep (outreach.merge).
    merge_notes_field = "remarks"

    honorific = models.CharField(
        _("honorific"), max_length=20, blank=True, help_text=_("e.g. Mr., Ms., Dr., H.E.")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("country"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    roles = models.ManyToManyField(
        Role, blank=True, related_name="contacts", verbose_name=_("roles")
    )
    remarks = models.TextField(
        _("private remarks"), blank=True, help_text=_("Staff only; never shown on a public page.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Off for people who have left their post.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            # The staff directory lists contacts by name, filtered by the active flag.
            models.Index(fields=["is_active", "name"], name="contact_active_name_idx"),
            # The staff directory unfiltered: a page of contacts by name, read in order.
            models.Index(fields=["name"], name="contact_name_idx"),
        ]

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()

    def erased_name(self):
        """The name an erased contact goes by (contacts.personal_data.erase)."""
        return gettext("Erased contact #%(pk)s") % {"pk": self.pk}
