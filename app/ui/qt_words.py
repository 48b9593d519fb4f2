"""Qt's own standard texts in Norwegian bokmål.

PySide6 ships no `qtbase_nb` (only nynorsk and Danish), so the few texts Qt itself draws in
Borte's window (dialog buttons, message boxes, the wizard's buttons, the text fields' context
menu, the file dialogs) are translated here, keyed as Qt asks for them: by context (the Qt
class) and the English source text. A test checks every key against Qt's own nynorsk
catalogue, so a misspelt key cannot go unnoticed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

from app.services.wording.core import PSEUDO_CLOSE, PSEUDO_LANGUAGE, PSEUDO_OPEN

__all__ = ["BOKMAL", "PSEUDO_LANGUAGE", "BokmalQtTranslator", "qt_bokmal", "qt_pseudo"]

_EDIT_MENU = {
    "&Undo": "&Angre",
    "&Redo": "&Gjør om",
    "Cu&t": "Klipp &ut",
    "&Copy": "&Kopier",
    "&Paste": "&Lim inn",
    "Delete": "Slett",
    "Select All": "Merk alt",
}

BOKMAL: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "OK",
        "Save": "Lagre",
        "Save All": "Lagre alle",
        "Open": "Åpne",
        "&Yes": "&Ja",
        "Yes to &All": "Ja til &alle",
        "&No": "&Nei",
        "N&o to All": "Nei til a&lle",
        "Abort": "Avbryt",
        "Retry": "Prøv igjen",
        "Ignore": "Ignorer",
        "Close": "Lukk",
        "Cancel": "Avbryt",
        "Discard": "Forkast",
        "Help": "Hjelp",
        "Apply": "Bruk",
        "Reset": "Tilbakestill",
        "Restore Defaults": "Gjenopprett standardverdier",
    },
    "QGnomeTheme": {
        "&OK": "&OK",
        "&Save": "&Lagre",
        "&Cancel": "&Avbryt",
        "&Close": "&Lukk",
        "Close without Saving": "Lukk uten å lagre",
    },
    "QDialogButtonBox": {"OK": "OK"},
    "QMessageBox": {
        "Show Details...": "Vis detaljer …",
        "Hide Details...": "Skjul detaljer …",
    },
    "QProgressDialog": {"Cancel": "Avbryt"},
    "QInputDialog": {"Enter a value:": "Skriv inn en verdi:"},
    "QWizard": {
        "< &Back": "< &Tilbake",
        "&Next >": "&Neste >",
        "&Next": "&Neste",
        "&Finish": "&Fullfør",
        "Cancel": "Avbryt",
        "&Help": "&Hjelp",
        "Help": "Hjelp",
        "Go Back": "Gå tilbake",
        "Continue": "Fortsett",
        "Commit": "Bekreft",
        "Done": "Ferdig",
    },
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": {**_EDIT_MENU, "Copy &Link Location": "Kopier &lenkeadresse"},
    "QAbstractSpinBox": {
        "&Select All": "&Merk alt",
        "&Step up": "Steg &opp",
        "Step &down": "Steg &ned",
    },
    "QUndoStack": {
        "Undo %1": "Angre %1",
        "Redo %1": "Gjør om %1",
        "Undo": "Angre",
        "Redo": "Gjør om",
    },
    "QUndoGroup": {
        "Undo %1": "Angre %1",
        "Redo %1": "Gjør om %1",
        "Undo": "Angre",
        "Redo": "Gjør om",
    },
    "QFileDialog": {
        "Look in:": "Se i:",
        "File &name:": "Fil&navn:",
        "Files of type:": "Filtype:",
        "Save As": "Lagre som",
        "Open": "Åpne",
        "&Open": "&Åpne",
        "&Save": "&Lagre",
        "&Choose": "&Velg",
        "Directory:": "Mappe:",
        "Find Directory": "Finn mappe",
        "All Files (*)": "Alle filer (*)",
        "All files (*)": "Alle filer (*)",
        "New Folder": "Ny mappe",
        "&New Folder": "&Ny mappe",
        "Create New Folder": "Opprett ny mappe",
        "Create a New Folder": "Opprett en ny mappe",
        "&Delete": "&Slett",
        "Delete": "Slett",
        "&Rename": "&Gi nytt navn",
        "Show &hidden files": "Vis &skjulte filer",
        "Back": "Tilbake",
        "Forward": "Fremover",
        "Go back": "Gå tilbake",
        "Go forward": "Gå fremover",
        "Parent Directory": "Overordnet mappe",
        "Go to the parent directory": "Gå til overordnet mappe",
        "List View": "Listevisning",
        "Detail View": "Detaljvisning",
        "Change to list view mode": "Bytt til listevisning",
        "Change to detail view mode": "Bytt til detaljvisning",
        "Recent Places": "Nylig brukte steder",
        "Sidebar": "Sidestolpe",
        "List of places and bookmarks": "Liste over steder og bokmerker",
        "My Computer": "Min datamaskin",
        "Folder": "Mappe",
        "File Folder": "Filmappe",
        "File": "Fil",
        "%1 File": "%1-fil",
        "Unknown": "Ukjent",
        "Remove": "Fjern",
        "%1 already exists.\nDo you want to replace it?": (
            "%1 finnes allerede.\nVil du erstatte den?"
        ),
        "%1\nFile not found.\nPlease verify the correct file name was given.": (
            "%1\nFant ikke filen.\nKontroller at du har oppgitt riktig filnavn."
        ),
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
            "%1\nFant ikke mappen.\nKontroller at du har oppgitt riktig mappenavn."
        ),
    },
    "QFileSystemModel": {
        "Name": "Navn",
        "Size": "Størrelse",
        "Type": "Type",
        "Kind": "Type",
        "Date Modified": "Sist endret",
        "Computer": "Datamaskin",
        "My Computer": "Min datamaskin",
        "Invalid filename": "Ugyldig filnavn",
    },
    "QTabBar": {"Scroll Left": "Rull til venstre", "Scroll Right": "Rull til høyre"},
}


def qt_bokmal(context: str, source: str) -> str:
    """Qt's standard text `source` in `context` in bokmål ("" when it is not one of them)."""
    return BOKMAL.get(context, {}).get(source, "")


def qt_pseudo(context: str, source: str) -> str:
    """The pseudo-language's version: the text marked, if bokmål has it ("" otherwise), so the
    pseudo-language test finds a Qt text the window shows that `BOKMAL` lacks."""
    return f"{PSEUDO_OPEN}{source}{PSEUDO_CLOSE}" if qt_bokmal(context, source) else ""


class BokmalQtTranslator(QTranslator):
    """Answers Qt's requests for its standard texts from `BOKMAL` (or marks them, `pseudo`)."""

    def __init__(self, parent: QObject | None = None, *, pseudo: bool = False) -> None:
        super().__init__(parent)
        self._lookup = qt_pseudo if pseudo else qt_bokmal

    def translate(
        self,
        context: str,
        sourceText: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        return self._lookup(context, sourceText)

    def isEmpty(self) -> bool:
        return False

    def language(self) -> str:
        return "nb_NO"
