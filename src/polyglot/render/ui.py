"""The site's own words, and what CLDR (through babel) says about each language.

Pages speak the reader's language: the target language of a bilingual page,
the page's language otherwise. Interface strings exist for a few languages
(:data:`STRINGS`); a page for any other language gets an English interface
(``<html lang="en">``), its text columns keeping their own ``lang``. Language
names, dates and percentages come from CLDR in the interface language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_percent

from ..lang import Lang

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "epub": "Bilingual e-book (EPUB)",
        "notes": "Notes",
        "back": "Back to the text",
        "draft_badge": "Draft",
        "site": "Translations",
        "documents": "Documents",
        "document": "Document",
        "languages": "Languages",
        "layout": "Layout",
        "side": "Side by side",
        "inter": "Interlinear",
        "only": "{language} only",
        "marks": "Mark machine translation",
        "legend_machine": "Machine translation, not yet reviewed",
        "legend_memory": "From the translation memory, not yet reviewed",
        "legend_untranslated": "Not yet translated: the original is shown",
        "legend_outdated": "Outdated: the original changed since this was translated",
        "legend_withheld": "Held back: the translation failed a check; its last good version or the original is shown",
        "previous": "Translated from an earlier version: {text}",
        "draft": "Draft: {percent} of this translation has been reviewed.",
        "unpublished": "Not published yet: {percent} reviewed.",
        "reviewed": "{percent} reviewed",
        "built": "Published on {date}",
        "bilingual": "Bilingual",
        "single": "Single language",
        "original": "Original",
        "downloads": "Downloads",
        "tmx": "Translation memory (TMX)",
        "markdown": "Markdown",
        "text": "Plain text",
        "all": "All documents",
        "skip": "Skip to the text",
    },
    "fr": {
        "epub": "Livre numérique bilingue (EPUB)",
        "notes": "Notes",
        "back": "Retour au texte",
        "draft_badge": "Brouillon",
        "site": "Traductions",
        "documents": "Documents",
        "document": "Document",
        "languages": "Langues",
        "layout": "Présentation",
        "side": "Côte à côte",
        "inter": "Interlinéaire",
        "only": "{language} seul",
        "marks": "Signaler la traduction automatique",
        "legend_machine": "Traduction automatique, pas encore relue",
        "legend_memory": "Issue de la mémoire de traduction, pas encore relue",
        "legend_untranslated": "Pas encore traduit : l’original est affiché",
        "legend_outdated": "Périmé : l’original a changé depuis cette traduction",
        "legend_withheld": "Retenu : la traduction a échoué à une vérification ; sa dernière bonne version ou l’original est affiché",
        "previous": "Traduit d’une version antérieure : {text}",
        "draft": "Brouillon : {percent} de cette traduction a été relu.",
        "unpublished": "Pas encore publié : {percent} relu.",
        "reviewed": "{percent} relu",
        "built": "Publié le {date}",
        "bilingual": "Bilingue",
        "single": "Une seule langue",
        "original": "Original",
        "downloads": "Téléchargements",
        "tmx": "Mémoire de traduction (TMX)",
        "markdown": "Markdown",
        "text": "Texte brut",
        "all": "Tous les documents",
        "skip": "Aller au texte",
    },
    "es": {
        "epub": "Libro electrónico bilingüe (EPUB)",
        "notes": "Notas",
        "back": "Volver al texto",
        "draft_badge": "Borrador",
        "site": "Traducciones",
        "documents": "Documentos",
        "document": "Documento",
        "languages": "Idiomas",
        "layout": "Presentación",
        "side": "En paralelo",
        "inter": "Interlineal",
        "only": "Solo {language}",
        "marks": "Señalar la traducción automática",
        "legend_machine": "Traducción automática, aún sin revisar",
        "legend_memory": "De la memoria de traducción, aún sin revisar",
        "legend_untranslated": "Aún sin traducir: se muestra el original",
        "legend_outdated": "Desactualizado: el original cambió desde esta traducción",
        "legend_withheld": "Retenido: la traducción no pasó una comprobación; se muestra su última versión correcta o el original",
        "previous": "Traducido de una versión anterior: {text}",
        "draft": "Borrador: se ha revisado el {percent} de esta traducción.",
        "unpublished": "Aún no publicado: {percent} revisado.",
        "reviewed": "{percent} revisado",
        "built": "Publicado el {date}",
        "bilingual": "Bilingüe",
        "single": "Un solo idioma",
        "original": "Original",
        "downloads": "Descargas",
        "tmx": "Memoria de traducción (TMX)",
        "markdown": "Markdown",
        "text": "Texto sin formato",
        "all": "Todos los documentos",
        "skip": "Ir al texto",
    },
    "ca": {
        "epub": "Llibre electrònic bilingüe (EPUB)",
        "notes": "Notes",
        "back": "Torna al text",
        "draft_badge": "Esborrany",
        "site": "Traduccions",
        "documents": "Documents",
        "document": "Document",
        "languages": "Llengües",
        "layout": "Presentació",
        "side": "En paral·lel",
        "inter": "Interlineal",
        "only": "Només {language}",
        "marks": "Assenyalar la traducció automàtica",
        "legend_machine": "Traducció automàtica, encara no revisada",
        "legend_memory": "De la memòria de traducció, encara no revisada",
        "legend_untranslated": "Encara no traduït: es mostra l’original",
        "legend_outdated": "Desactualitzat: l’original ha canviat des d’aquesta traducció",
        "legend_withheld": "Retingut: la traducció no ha superat una comprovació; es mostra la darrera versió correcta o l’original",
        "previous": "Traduït d’una versió anterior: {text}",
        "draft": "Esborrany: s’ha revisat el {percent} d’aquesta traducció.",
        "unpublished": "Encara no publicat: {percent} revisat.",
        "reviewed": "{percent} revisat",
        "built": "Publicat el {date}",
        "bilingual": "Bilingüe",
        "single": "Una sola llengua",
        "original": "Original",
        "downloads": "Baixades",
        "tmx": "Memòria de traducció (TMX)",
        "markdown": "Markdown",
        "text": "Text pla",
        "all": "Tots els documents",
        "skip": "Ves al text",
    },
    "de": {
        "epub": "Zweisprachiges E-Book (EPUB)",
        "notes": "Anmerkungen",
        "back": "Zurück zum Text",
        "draft_badge": "Entwurf",
        "site": "Übersetzungen",
        "documents": "Dokumente",
        "document": "Dokument",
        "languages": "Sprachen",
        "layout": "Ansicht",
        "side": "Nebeneinander",
        "inter": "Interlinear",
        "only": "Nur {language}",
        "marks": "Maschinelle Übersetzung kennzeichnen",
        "legend_machine": "Maschinelle Übersetzung, noch nicht geprüft",
        "legend_memory": "Aus dem Übersetzungsspeicher, noch nicht geprüft",
        "legend_untranslated": "Noch nicht übersetzt: das Original wird angezeigt",
        "legend_outdated": "Veraltet: das Original hat sich seit dieser Übersetzung geändert",
        "legend_withheld": "Zurückgehalten: die Übersetzung hat eine Prüfung nicht bestanden; die letzte gute Fassung oder das Original wird angezeigt",
        "previous": "Übersetzt aus einer früheren Fassung: {text}",
        "draft": "Entwurf: {percent} dieser Übersetzung wurden geprüft.",
        "unpublished": "Noch nicht veröffentlicht: {percent} geprüft.",
        "reviewed": "{percent} geprüft",
        "built": "Veröffentlicht am {date}",
        "bilingual": "Zweisprachig",
        "single": "Einsprachig",
        "original": "Original",
        "downloads": "Downloads",
        "tmx": "Translation Memory (TMX)",
        "markdown": "Markdown",
        "text": "Nur Text",
        "all": "Alle Dokumente",
        "skip": "Zum Text springen",
    },
    "it": {
        "epub": "E-book bilingue (EPUB)",
        "notes": "Note",
        "back": "Torna al testo",
        "draft_badge": "Bozza",
        "site": "Traduzioni",
        "documents": "Documenti",
        "document": "Documento",
        "languages": "Lingue",
        "layout": "Visualizzazione",
        "side": "Affiancato",
        "inter": "Interlineare",
        "only": "Solo {language}",
        "marks": "Segnala la traduzione automatica",
        "legend_machine": "Traduzione automatica, non ancora rivista",
        "legend_memory": "Dalla memoria di traduzione, non ancora rivista",
        "legend_untranslated": "Non ancora tradotto: è mostrato l’originale",
        "legend_outdated": "Non aggiornato: l’originale è cambiato dopo questa traduzione",
        "legend_withheld": "Trattenuto: la traduzione non ha superato un controllo; è mostrata l’ultima versione corretta o l’originale",
        "previous": "Tradotto da una versione precedente: {text}",
        "draft": "Bozza: è stato rivisto il {percent} di questa traduzione.",
        "unpublished": "Non ancora pubblicato: {percent} rivisto.",
        "reviewed": "{percent} rivisto",
        "built": "Pubblicato il {date}",
        "bilingual": "Bilingue",
        "single": "Una sola lingua",
        "original": "Originale",
        "downloads": "Download",
        "tmx": "Memoria di traduzione (TMX)",
        "markdown": "Markdown",
        "text": "Testo semplice",
        "all": "Tutti i documenti",
        "skip": "Vai al testo",
    },
    "pt": {
        "epub": "Livro eletrónico bilíngue (EPUB)",
        "notes": "Notas",
        "back": "Voltar ao texto",
        "draft_badge": "Rascunho",
        "site": "Traduções",
        "documents": "Documentos",
        "document": "Documento",
        "languages": "Idiomas",
        "layout": "Apresentação",
        "side": "Lado a lado",
        "inter": "Interlinear",
        "only": "Só {language}",
        "marks": "Assinalar a tradução automática",
        "legend_machine": "Tradução automática, ainda não revista",
        "legend_memory": "Da memória de tradução, ainda não revista",
        "legend_untranslated": "Ainda não traduzido: mostra-se o original",
        "legend_outdated": "Desatualizado: o original mudou desde esta tradução",
        "legend_withheld": "Retido: a tradução falhou uma verificação; mostra-se a última versão correta ou o original",
        "previous": "Traduzido de uma versão anterior: {text}",
        "draft": "Rascunho: {percent} desta tradução foi revisto.",
        "unpublished": "Ainda não publicado: {percent} revisto.",
        "reviewed": "{percent} revisto",
        "built": "Publicado em {date}",
        "bilingual": "Bilíngue",
        "single": "Um só idioma",
        "original": "Original",
        "downloads": "Transferências",
        "tmx": "Memória de tradução (TMX)",
        "markdown": "Markdown",
        "text": "Texto simples",
        "all": "Todos os documentos",
        "skip": "Ir para o texto",
    },
}


@cache
def locale(code: str) -> Locale:
    """The babel Locale of a language code (``pt_BR``, ``pt-BR``); root English if unknown."""
    try:
        return Locale.parse(Lang.of(code).posix)
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def bcp47(code: str) -> str:
    """The language tag HTML and TMX expect (``pt_BR`` → ``pt-BR``)."""
    return Lang.of(code).bcp47


@cache
def direction(code: str) -> str:
    """``rtl`` or ``ltr``, from CLDR's character order."""
    return "rtl" if locale(code).character_order == "right-to-left" else "ltr"


def language_name(code: str, reader: str) -> str:
    """The name of language ``code`` in language ``reader``, capitalised for a label."""
    name = locale(code).get_display_name(locale(reader)) or code
    return name[:1].upper() + name[1:]


def endonym(code: str) -> str:
    """A language's name in itself (``español``), for language switchers."""
    return language_name(code, code)


@dataclass(frozen=True)
class UI:
    """The interface language of one page: strings, names, dates and percentages."""

    language: str

    @classmethod
    def for_reader(cls, code: str) -> UI:
        """The interface for readers of ``code``: that language if we have strings for it, else English."""
        base = Lang.of(code).base
        return cls(code if base in STRINGS else "en")

    @property
    def strings_language(self) -> str:
        base = Lang.of(self.language).base
        return base if base in STRINGS else "en"

    @property
    def tag(self) -> str:
        return bcp47(self.language)

    @property
    def dir(self) -> str:
        return direction(self.language)

    def __call__(self, key: str, **values: str) -> str:
        return STRINGS[self.strings_language][key].format(**values)

    def name(self, code: str) -> str:
        return language_name(code, self.language)

    def date(self, day: datetime.date) -> str:
        return format_date(day, "long", locale=locale(self.language))

    def percent(self, value: float) -> str:
        """A percentage in the reader's locale (``85 %`` in French)."""
        return format_percent(
            Decimal(str(value)) / 100, locale=locale(self.language), decimal_quantization=False
        )
