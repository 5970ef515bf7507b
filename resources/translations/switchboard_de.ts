<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Acp</name>
    <message>
        <source>the connection is open</source>
        <translation>die Verbindung ist offen</translation>
    </message>
    <message>
        <source>the agent could not be started</source>
        <translation>der Agent konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>the agent exited with code %1</source>
        <translation>der Agent wurde mit Exit-Code %1 beendet</translation>
    </message>
    <message>
        <source>the agent was killed by signal %1 (%2)</source>
        <translation>der Agent wurde durch Signal %1 (%2) beendet</translation>
    </message>
    <message>
        <source>the agent crashed</source>
        <translation>der Agent ist abgestürzt</translation>
    </message>
    <message>
        <source>the agent closed its output</source>
        <translation>der Agent hat seine Ausgabe geschlossen</translation>
    </message>
    <message>
        <source>reading from the agent failed</source>
        <translation>das Lesen vom Agenten ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>writing to the agent failed</source>
        <translation>das Schreiben an den Agenten ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>the agent sent a message larger than the limit</source>
        <translation>der Agent hat eine Nachricht gesendet, die das Größenlimit überschreitet</translation>
    </message>
    <message>
        <source>the agent&apos;s output exceeded the backlog limit while the client was behind</source>
        <translation>die Ausgabe des Agenten hat das Pufferlimit überschritten, während der Client im Rückstand war</translation>
    </message>
    <message>
        <source>the connection was closed by the client</source>
        <translation>die Verbindung wurde vom Client geschlossen</translation>
    </message>
</context>
<context>
    <name>Acp::AgentClient</name>
    <message>
        <source>The agent stopped before it was ready: %1</source>
        <translation>Der Agent wurde beendet, bevor er bereit war: %1</translation>
    </message>
    <message>
        <source>elicitation mode not supported</source>
        <translation>Abfragemodus wird nicht unterstützt</translation>
    </message>
    <message>
        <source>This request is no longer open.</source>
        <translation>Diese Anfrage ist nicht mehr offen.</translation>
    </message>
    <message>
        <source>The agent did not initialize: %1</source>
        <translation>Der Agent wurde nicht initialisiert: %1</translation>
    </message>
    <message>
        <source>The agent&apos;s initialize answer is invalid: %1</source>
        <translation>Die Antwort des Agenten auf initialize ist ungültig: %1</translation>
    </message>
    <message>
        <source>The agent speaks ACP version %1; Switchboard speaks version %2.</source>
        <translation>Der Agent verwendet ACP-Version %1, Switchboard verwendet Version %2.</translation>
    </message>
    <message>
        <source>it did not answer in time</source>
        <translation>er hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>The agent did not offer &quot;%1&quot; as a login method.</source>
        <translation>Der Agent bietet &quot;%1&quot; nicht als Anmeldemethode an.</translation>
    </message>
    <message>
        <source>The agent does not support logging out.</source>
        <translation>Der Agent unterstützt keine Abmeldung.</translation>
    </message>
    <message>
        <source>The agent is not ready.</source>
        <translation>Der Agent ist nicht bereit.</translation>
    </message>
    <message>
        <source>This agent cannot load earlier sessions.</source>
        <translation>Dieser Agent kann keine früheren Sitzungen laden.</translation>
    </message>
    <message>
        <source>This agent cannot resume sessions.</source>
        <translation>Dieser Agent kann Sitzungen nicht fortsetzen.</translation>
    </message>
    <message>
        <source>This agent does not support additional directories.</source>
        <translation>Dieser Agent unterstützt keine zusätzlichen Verzeichnisse.</translation>
    </message>
    <message>
        <source>No session id given.</source>
        <translation>Keine Sitzungs-ID angegeben.</translation>
    </message>
    <message>
        <source>The agent requires you to log in first.</source>
        <translation>Sie müssen sich zuerst beim Agenten anmelden.</translation>
    </message>
    <message>
        <source>The agent&apos;s answer is invalid: %1</source>
        <translation>Die Antwort des Agenten ist ungültig: %1</translation>
    </message>
    <message>
        <source>no session id</source>
        <translation>keine Sitzungs-ID</translation>
    </message>
    <message>
        <source>This agent cannot list its sessions.</source>
        <translation>Dieser Agent kann seine Sitzungen nicht auflisten.</translation>
    </message>
    <message>
        <source>This agent cannot delete sessions.</source>
        <translation>Dieser Agent kann keine Sitzungen löschen.</translation>
    </message>
    <message>
        <source>unknown session: %1</source>
        <translation>unbekannte Sitzung: %1</translation>
    </message>
</context>
<context>
    <name>Acp::AgentRegistry</name>
    <message numerus="yes">
        <source>%n registry entries could not be read and are not shown.</source>
        <translation>
            <numerusform>%n Registry-Eintrag konnte nicht gelesen werden und wird nicht angezeigt.</numerusform>
            <numerusform>%n Registry-Einträge konnten nicht gelesen werden und werden nicht angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The registry could not be reached (%1). Showing the copy from %2.</source>
        <translation>Die Registry ist nicht erreichbar (%1). Es wird die Kopie vom %2 angezeigt.</translation>
    </message>
    <message>
        <source>The registry could not be loaded: %1</source>
        <translation>Die Registry konnte nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>Acp::AtomicFile</name>
    <message>
        <source>no space left on the device</source>
        <translation>kein Speicherplatz mehr auf dem Gerät</translation>
    </message>
    <message>
        <source>the file system is read-only</source>
        <translation>das Dateisystem ist schreibgeschützt</translation>
    </message>
</context>
<context>
    <name>Acp::ClientSession</name>
    <message>
        <source>Command: %1</source>
        <translation>Befehl: %1</translation>
    </message>
    <message>
        <source>This agent does not accept images.</source>
        <translation>Dieser Agent akzeptiert keine Bilder.</translation>
    </message>
    <message>
        <source>This agent does not accept audio.</source>
        <translation>Dieser Agent akzeptiert kein Audio.</translation>
    </message>
    <message>
        <source>The prompt contains content of an unknown type.</source>
        <translation>Der Prompt enthält Inhalte eines unbekannten Typs.</translation>
    </message>
    <message>
        <source>The session is closed.</source>
        <translation>Die Sitzung ist geschlossen.</translation>
    </message>
    <message>
        <source>The agent ended the turn with an invalid answer: %1</source>
        <translation>Der Agent hat die Runde mit einer ungültigen Antwort beendet: %1</translation>
    </message>
    <message>
        <source>The turn ended because the agent stopped: %1</source>
        <translation>Die Runde wurde beendet, weil der Agent nicht mehr läuft: %1</translation>
    </message>
    <message>
        <source>The user declined to write %1.</source>
        <translation>Der Benutzer hat das Schreiben von %1 abgelehnt.</translation>
    </message>
    <message>
        <source>The agent sent an update of the tool call “%1” larger than %2; it was skipped, so the tool call may not show everything it did.</source>
        <translation>Der Agent hat eine Aktualisierung des Werkzeugaufrufs „%1“ gesendet, die größer als %2 ist; sie wurde übersprungen, daher zeigt der Werkzeugaufruf womöglich nicht alles, was er getan hat.</translation>
    </message>
    <message>
        <source>The agent&apos;s answer was larger than %1; it was skipped and the request failed.</source>
        <translation>Die Antwort des Agenten war größer als %1; sie wurde übersprungen und die Anfrage ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The agent sent a request (%1) larger than %2; it was refused.</source>
        <translation>Der Agent hat eine Anfrage (%1) gesendet, die größer als %2 ist; sie wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The agent sent a message (%1) larger than %2; it was skipped.</source>
        <translation>Der Agent hat eine Nachricht (%1) gesendet, die größer als %2 ist; sie wurde übersprungen.</translation>
    </message>
    <message>
        <source>The agent sent a message larger than %1; it was skipped.</source>
        <translation>Der Agent hat eine Nachricht gesendet, die größer als %1 ist; sie wurde übersprungen.</translation>
    </message>
    <message>
        <source>The session is closing.</source>
        <translation>Die Sitzung wird geschlossen.</translation>
    </message>
    <message>
        <source>Allowed by your rule, nobody was asked: %1</source>
        <translation>Von Ihrer Regel erlaubt, ohne Nachfrage: %1</translation>
    </message>
    <message>
        <source>Rejected by your rule, nobody was asked: %1</source>
        <translation>Von Ihrer Regel abgelehnt, ohne Nachfrage: %1</translation>
    </message>
</context>
<context>
    <name>Acp::ElicitationForm</name>
    <message>
        <source>%1 must be text</source>
        <translation>%1 muss Text sein</translation>
    </message>
    <message>
        <source>%1 is too short</source>
        <translation>%1 ist zu kurz</translation>
    </message>
    <message>
        <source>%1 is too long</source>
        <translation>%1 ist zu lang</translation>
    </message>
    <message>
        <source>%1 does not have the expected form</source>
        <translation>%1 hat nicht das erwartete Format</translation>
    </message>
    <message>
        <source>%1 must be an e-mail address</source>
        <translation>%1 muss eine E-Mail-Adresse sein</translation>
    </message>
    <message>
        <source>%1 must be a URI</source>
        <translation>%1 muss eine URI sein</translation>
    </message>
    <message>
        <source>%1 must be a date (YYYY-MM-DD)</source>
        <translation>%1 muss ein Datum sein (JJJJ-MM-TT)</translation>
    </message>
    <message>
        <source>%1 must be a date and time</source>
        <translation>%1 muss ein Datum mit Uhrzeit sein</translation>
    </message>
    <message>
        <source>%1 must be one of the offered choices</source>
        <translation>%1 muss eine der angebotenen Optionen sein</translation>
    </message>
    <message>
        <source>%1 must be a whole number</source>
        <translation>%1 muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>%1 must be a number</source>
        <translation>%1 muss eine Zahl sein</translation>
    </message>
    <message>
        <source>%1 is below the minimum</source>
        <translation>%1 liegt unter dem Minimum</translation>
    </message>
    <message>
        <source>%1 is above the maximum</source>
        <translation>%1 liegt über dem Maximum</translation>
    </message>
    <message>
        <source>%1 must be a list of choices</source>
        <translation>%1 muss eine Liste von Optionen sein</translation>
    </message>
    <message>
        <source>%1 needs more choices</source>
        <translation>Für %1 müssen mehr Optionen gewählt werden</translation>
    </message>
    <message>
        <source>%1 has too many choices</source>
        <translation>Für %1 sind zu viele Optionen gewählt</translation>
    </message>
    <message>
        <source>%1 contains a value that is not offered</source>
        <translation>%1 enthält einen Wert, der nicht angeboten wird</translation>
    </message>
    <message>
        <source>%1 is required</source>
        <translation>%1 ist erforderlich</translation>
    </message>
    <message>
        <source>%1 is not a field of this form</source>
        <translation>%1 ist kein Feld dieses Formulars</translation>
    </message>
    <message>
        <source>%1 must be yes or no</source>
        <translation>%1 muss Ja oder Nein sein</translation>
    </message>
</context>
<context>
    <name>Acp::FileSystemService</name>
    <message>
        <source>%1 is outside the session&apos;s directories</source>
        <translation>%1 liegt außerhalb der Verzeichnisse der Sitzung</translation>
    </message>
    <message>
        <source>the path must be absolute: %1</source>
        <translation>der Pfad muss absolut sein: %1</translation>
    </message>
    <message>
        <source>no such file: %1</source>
        <translation>Datei nicht gefunden: %1</translation>
    </message>
    <message>
        <source>cannot read</source>
        <translation>Fehler beim Lesen von</translation>
    </message>
    <message>
        <source>it is a directory</source>
        <translation>es ist ein Verzeichnis</translation>
    </message>
    <message>
        <source>the file is larger than %1 bytes</source>
        <translation>die Datei ist größer als %1 Bytes</translation>
    </message>
    <message>
        <source>cannot write</source>
        <translation>Fehler beim Schreiben von</translation>
    </message>
    <message>
        <source>a folder on its path is not a folder (or was replaced by a link)</source>
        <translation>ein Ordner im Pfad ist kein Ordner (oder wurde durch eine Verknüpfung ersetzt)</translation>
    </message>
    <message>
        <source>cannot create its directory: %1</source>
        <translation>das Verzeichnis kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>the file is read-only</source>
        <translation>die Datei ist schreibgeschützt</translation>
    </message>
    <message>
        <source>it is not a regular file (a pipe, a device or a socket)</source>
        <translation>es ist keine normale Datei (eine Pipe, ein Gerät oder ein Socket)</translation>
    </message>
</context>
<context>
    <name>Acp::HistoryDatabase</name>
    <message>
        <source>%1: no space left on the device</source>
        <translation>%1: kein Platz mehr auf dem Gerät</translation>
    </message>
    <message>
        <source>%1: in use by another program</source>
        <translation>%1: wird von einem anderen Programm benutzt</translation>
    </message>
    <message>
        <source>%1: not a history database, or a damaged one</source>
        <translation>%1: keine Verlaufsdatenbank oder eine beschädigte</translation>
    </message>
    <message>
        <source>the Qt SQLite driver (libqt6sql6-sqlite) is not installed</source>
        <translation>der Qt-SQLite-Treiber (libqt6sql6-sqlite) ist nicht installiert</translation>
    </message>
    <message>
        <source>%1 was made by a newer Switchboard (schema %2; this one knows %3); it is left as it is</source>
        <translation>%1 stammt von einem neueren Switchboard (Schema %2; dieses kennt %3); die Datei bleibt, wie sie ist</translation>
    </message>
    <message>
        <source>%1: the imported session %2 did not read back as it was; nothing was imported and the old files are kept</source>
        <translation>%1: die importierte Sitzung %2 ließ sich nicht unverändert zurücklesen; nichts wurde importiert, die alten Dateien bleiben erhalten</translation>
    </message>
</context>
<context>
    <name>Acp::LegacySessionFiles</name>
    <message>
        <source>The session index %1 could not be read; the sessions were taken from the saved transcripts instead.</source>
        <translation>Der Sitzungsindex %1 konnte nicht gelesen werden; die Sitzungen wurden stattdessen aus den gespeicherten Verläufen übernommen.</translation>
    </message>
    <message>
        <source>The saved transcript %1 could not be read.</source>
        <translation>Der gespeicherte Verlauf %1 konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>%1: cannot be created</source>
        <translation>%1: kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: cannot be moved to %2</source>
        <translation>%1: kann nicht nach %2 verschoben werden</translation>
    </message>
</context>
<context>
    <name>Acp::McpServers</name>
    <message>
        <source>An MCP server needs a name.</source>
        <translation>Ein MCP-Server braucht einen Namen.</translation>
    </message>
    <message>
        <source>The MCP server &quot;%1&quot; needs a command.</source>
        <translation>Der MCP-Server &quot;%1&quot; braucht einen Befehl.</translation>
    </message>
    <message>
        <source>The MCP server &quot;%1&quot; needs an http:// or https:// address.</source>
        <translation>Der MCP-Server &quot;%1&quot; braucht eine http://- oder https://-Adresse.</translation>
    </message>
    <message>
        <source>%1 was not found on PATH.</source>
        <translation>%1 wurde im PATH nicht gefunden.</translation>
    </message>
    <message>
        <source>this agent does not support MCP servers over HTTP.</source>
        <translation>Dieser Agent unterstützt keine MCP-Server über HTTP.</translation>
    </message>
    <message>
        <source>this agent does not support MCP servers over SSE.</source>
        <translation>Dieser Agent unterstützt keine MCP-Server über SSE.</translation>
    </message>
</context>
<context>
    <name>Acp::PermissionRule</name>
    <message>
        <source>reads</source>
        <translation>Lesezugriffe</translation>
    </message>
    <message>
        <source>edits</source>
        <translation>Bearbeitungen</translation>
    </message>
    <message>
        <source>deletions</source>
        <translation>Löschungen</translation>
    </message>
    <message>
        <source>moves and renames</source>
        <translation>Verschiebungen und Umbenennungen</translation>
    </message>
    <message>
        <source>searches</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>commands</source>
        <translation>Befehle</translation>
    </message>
    <message>
        <source>thinking steps</source>
        <translation>Denkschritte</translation>
    </message>
    <message>
        <source>web fetches</source>
        <translation>Webabrufe</translation>
    </message>
    <message>
        <source>mode switches</source>
        <translation>Moduswechsel</translation>
    </message>
    <message>
        <source>other tool calls</source>
        <translation>andere Werkzeugaufrufe</translation>
    </message>
    <message>
        <source>commands starting with “%1”</source>
        <translation>Befehle, die mit „%1“ beginnen</translation>
    </message>
    <message>
        <source>%1 in this session</source>
        <translation>%1 in dieser Sitzung</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
</context>
<context>
    <name>Acp::ProfileStore</name>
    <message>
        <source>Demo agent (no AI)</source>
        <translation>Demo-Agent (keine KI)</translation>
    </message>
    <message>
        <source>Claude Agent</source>
        <translation>Claude Agent</translation>
    </message>
    <message>
        <source>Codex</source>
        <translation>Codex</translation>
    </message>
    <message>
        <source>Gemini CLI</source>
        <translation>Gemini CLI</translation>
    </message>
</context>
<context>
    <name>Acp::Registry</name>
    <message>
        <source>binary</source>
        <translation>Binärdatei</translation>
    </message>
    <message>
        <source>The registry is not valid JSON: %1</source>
        <translation>Die Registry ist kein gültiges JSON: %1</translation>
    </message>
    <message>
        <source>The registry has no list of agents.</source>
        <translation>Die Registry enthält keine Liste von Agenten.</translation>
    </message>
</context>
<context>
    <name>Acp::RegistryWorker</name>
    <message>
        <source>the registry is larger than %1 MiB</source>
        <translation>die Registry ist größer als %1 MiB</translation>
    </message>
    <message>
        <source>There is no build of %1 for %2.</source>
        <translation>Es gibt keinen Build von %1 für %2.</translation>
    </message>
    <message>
        <source>Could not create %1.</source>
        <translation>%1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Could not write to %1: %2</source>
        <translation>In %1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Could not save the download: %1</source>
        <translation>Der Download konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The download was cancelled.</source>
        <translation>Der Download wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The download failed: %1</source>
        <translation>Der Download ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The download does not match the registry&apos;s checksum (SHA-256 %1, expected %2). Nothing was installed.</source>
        <translation>Der Download stimmt nicht mit der Prüfsumme der Registry überein (SHA-256 %1, erwartet %2). Es wurde nichts installiert.</translation>
    </message>
    <message>
        <source>Could not write to %1.</source>
        <translation>In %1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Could not move the agent to %1.</source>
        <translation>Der Agent konnte nicht nach %1 verschoben werden.</translation>
    </message>
    <message>
        <source>Unpacking a .zip archive needs the unzip program (apt install unzip).</source>
        <translation>Zum Entpacken eines .zip-Archivs wird das Programm unzip benötigt (apt install unzip).</translation>
    </message>
    <message>
        <source>Could not copy the download into %1.</source>
        <translation>Der Download konnte nicht nach %1 kopiert werden.</translation>
    </message>
    <message>
        <source>Could not unpack the download: %1</source>
        <translation>Der Download konnte nicht entpackt werden: %1</translation>
    </message>
    <message>
        <source>The download does not contain %1.</source>
        <translation>Der Download enthält %1 nicht.</translation>
    </message>
    <message>
        <source>The registry&apos;s command %1 points outside the agent&apos;s folder; refused.</source>
        <translation>Der Befehl %1 aus der Registry verweist auf einen Ort außerhalb des Agentenordners; abgelehnt.</translation>
    </message>
    <message>
        <source>The registry entry names no valid folder.</source>
        <translation>Der Registry-Eintrag nennt keinen gültigen Ordner.</translation>
    </message>
    <message>
        <source>Switchboard cannot unpack %1.</source>
        <translation>Switchboard kann %1 nicht entpacken.</translation>
    </message>
    <message>
        <source>Unpacking was stopped.</source>
        <translation>Das Entpacken wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>Acp::SessionController</name>
    <message>
        <source>The agent stopped: %1</source>
        <translation>Der Agent läuft nicht mehr: %1</translation>
    </message>
    <message>
        <source>This agent cannot load earlier sessions.</source>
        <translation>Dieser Agent kann keine früheren Sitzungen laden.</translation>
    </message>
    <message>
        <source>This agent cannot reopen sessions.</source>
        <translation>Dieser Agent kann keine Sitzungen wieder öffnen.</translation>
    </message>
    <message>
        <source>The session was closed while it loaded.</source>
        <translation>Die Sitzung wurde geschlossen, während sie geladen wurde.</translation>
    </message>
</context>
<context>
    <name>Acp::SessionStore</name>
    <message>
        <source>The history could not be saved for a long time; the oldest unsaved changes were given up.</source>
        <translation>Der Verlauf konnte lange nicht gespeichert werden; die ältesten ungespeicherten Änderungen wurden aufgegeben.</translation>
    </message>
    <message>
        <source>Could not save the history: %1</source>
        <translation>Der Verlauf konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Could not save the history: %1. What is not saved yet is kept and saved again when possible.</source>
        <translation>Der Verlauf konnte nicht gespeichert werden: %1. Was noch nicht gespeichert ist, bleibt erhalten und wird gespeichert, sobald es geht.</translation>
    </message>
    <message>
        <source>The history database could not be read; it was kept as %1 and a new one was started.</source>
        <translation>Die Verlaufsdatenbank konnte nicht gelesen werden; sie wurde als %1 aufbewahrt und eine neue begonnen.</translation>
    </message>
    <message>
        <source>The history cannot be opened: %1</source>
        <translation>Der Verlauf kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The history database %1 is damaged: %2</source>
        <translation>Die Verlaufsdatenbank %1 ist beschädigt: %2</translation>
    </message>
</context>
<context>
    <name>Acp::Terminal</name>
    <message>
        <source>could not start %1: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
</context>
<context>
    <name>Acp::TerminalService</name>
    <message>
        <source>unknown terminal: %1</source>
        <translation>unbekanntes Terminal: %1</translation>
    </message>
</context>
<context>
    <name>Acp::TranscriptMarkdown</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>killed by %1</source>
        <translation>beendet durch %1</translation>
    </message>
    <message>
        <source>exit status %1</source>
        <translation>Exit-Status %1</translation>
    </message>
    <message>
        <source>Thought</source>
        <translation>Gedanke</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>**Error:** %1

</source>
        <translation>**Fehler:** %1

</translation>
    </message>
</context>
<context>
    <name>Cli::CliRunner</name>
    <message>
        <source>The agent went away: %1</source>
        <translation>Der Agent ist nicht mehr verfügbar: %1</translation>
    </message>
    <message>
        <source>The agent needs you to log in first; log in with the desktop app or the agent&apos;s own command.</source>
        <translation>Sie müssen sich zuerst beim Agenten anmelden; melden Sie sich über die Desktop-Anwendung oder mit dem eigenen Befehl des Agenten an.</translation>
    </message>
    <message>
        <source>replayed updates: %1
load time: %2 ms
peak memory: %3 MiB</source>
        <translation>wiedergegebene Aktualisierungen: %1
Ladezeit: %2 ms
Spitzenspeicher: %3 MiB</translation>
    </message>
    <message>
        <source>[stopped] %1</source>
        <translation>[beendet] %1</translation>
    </message>
    <message>
        <source>cancelled (no matching option)</source>
        <translation>abgebrochen (keine passende Option)</translation>
    </message>
    <message>
        <source>stdin is closed: nobody can answer the permission question</source>
        <translation>stdin ist geschlossen: Niemand kann die Berechtigungsfrage beantworten</translation>
    </message>
    <message>
        <source>Permission: %1
</source>
        <translation>Berechtigung: %1
</translation>
    </message>
    <message>
        <source>stdin closed while a permission question was open</source>
        <translation>stdin wurde geschlossen, während eine Berechtigungsfrage offen war</translation>
    </message>
    <message>
        <source>[warning] session/list failed: %1</source>
        <translation>[Warnung] session/list fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>[cancelling; press Ctrl+C again to stop the agent]</source>
        <translation>[wird abgebrochen; drücken Sie erneut Strg+C, um den Agenten zu beenden]</translation>
    </message>
    <message>
        <source>[mcp] %1 (%2) not passed to the agent: %3</source>
        <translation>[mcp] %1 (%2) nicht an den Agenten übergeben: %3</translation>
    </message>
    <message>
        <source>[terminated; the session is saved]</source>
        <translation>[beendet; die Sitzung ist gespeichert]</translation>
    </message>
    <message>
        <source>the history cannot be searched: %1</source>
        <translation>der Verlauf kann nicht durchsucht werden: %1</translation>
    </message>
    <message>
        <source>%1 (this session)</source>
        <translation>%1 (diese Sitzung)</translation>
    </message>
    <message>
        <source>Choose: </source>
        <translation>Auswahl: </translation>
    </message>
    <message>
        <source>Choose %1-%2: </source>
        <translation>Auswahl %1-%2: </translation>
    </message>
    <message>
        <source>[load] the agent replayed only %1 of the %2 prompts of this session (it may not remember the others): printing the transcript Switchboard kept</source>
        <translation>[load] Der Agent hat nur %1 der %2 Eingaben dieser Sitzung wiedergegeben (an die übrigen erinnert er sich womöglich nicht): ausgegeben wird das Protokoll, das Switchboard aufbewahrt hat</translation>
    </message>
</context>
<context>
    <name>Cli::TranscriptPrinter</name>
    <message>
        <source>[plan] %1/%2 done</source>
        <translation>[Plan] %1/%2 erledigt</translation>
    </message>
    <message>
        <source>, now: %1</source>
        <translation>, aktuell: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>[tool] %1 (%2)</source>
        <translation>[Werkzeug] %1 (%2)</translation>
    </message>
    <message>
        <source>[thinking]</source>
        <translation>[denkt nach]</translation>
    </message>
    <message>
        <source>[error] %1</source>
        <translation>[Fehler] %1</translation>
    </message>
    <message>
        <source>[permission] %1: %2</source>
        <translation>[Berechtigung] %1: %2</translation>
    </message>
    <message>
        <source>[permission] %1: allowed by your rule: %2</source>
        <translation>[Berechtigung] %1: erlaubt durch Ihre Regel: %2</translation>
    </message>
    <message>
        <source>[permission] %1: rejected by your rule: %2</source>
        <translation>[Berechtigung] %1: abgelehnt durch Ihre Regel: %2</translation>
    </message>
</context>
<context>
    <name>ProcessReaper</name>
    <message>
        <source>The sandbox needs switchboard-reaper, which is not installed beside the app; nothing was started.</source>
        <translation>Die Sandbox braucht switchboard-reaper, das nicht neben der App installiert ist; es wurde nichts gestartet.</translation>
    </message>
    <message>
        <source>Cannot find the program %1.</source>
        <translation>Das Programm %1 wurde nicht gefunden.</translation>
    </message>
</context>
<context>
    <name>Sandbox</name>
    <message>
        <source>No sandbox: this kernel has no Landlock, so the agent can write wherever you can</source>
        <translation>Keine Sandbox: Dieser Kernel hat kein Landlock, der Agent kann also überall schreiben, wo Sie es können</translation>
    </message>
    <message>
        <source>its temporary folder</source>
        <translation>seinem temporären Ordner</translation>
    </message>
    <message>
        <source>No sandbox: the agent can write wherever you can</source>
        <translation>Keine Sandbox: Der Agent kann überall schreiben, wo Sie es können</translation>
    </message>
    <message>
        <source>Writes only in %1</source>
        <translation>Schreibt nur in %1</translation>
    </message>
    <message>
        <source>Reads and writes only in %1</source>
        <translation>Liest und schreibt nur in %1</translation>
    </message>
    <message>
        <source>The agent&apos;s own folders: %1</source>
        <translation>Die eigenen Ordner des Agenten: %1</translation>
    </message>
    <message>
        <source>Temporary files: %1</source>
        <translation>Temporäre Dateien: %1</translation>
    </message>
    <message>
        <source>Also readable: the system&apos;s programs and settings (/usr, /etc without its secrets, ...)</source>
        <translation>Außerdem lesbar: die Programme und Einstellungen des Systems (/usr, /etc ohne seine Geheimnisse, ...)</translation>
    </message>
    <message>
        <source>No network connections</source>
        <translation>Keine Netzwerkverbindungen</translation>
    </message>
    <message>
        <source>Network connections only to ports %1</source>
        <translation>Netzwerkverbindungen nur zu den Ports %1</translation>
    </message>
    <message>
        <source>This kernel has no Landlock (Linux 5.13 or newer, with landlock in its lsm= list), so the sandbox this agent requires cannot be set up; it was not started.</source>
        <translation>Dieser Kernel hat kein Landlock (Linux 5.13 oder neuer, mit landlock in seiner lsm=-Liste), die Sandbox, die dieser Agent verlangt, kann also nicht eingerichtet werden; er wurde nicht gestartet.</translation>
    </message>
    <message>
        <source>Limiting network connections needs Landlock ABI 4 (Linux 6.7); this kernel has ABI %1, so the agent, which requires it, was not started.</source>
        <translation>Netzwerkverbindungen zu begrenzen braucht Landlock-ABI 4 (Linux 6.7); dieser Kernel hat ABI %1, der Agent, der das verlangt, wurde also nicht gestartet.</translation>
    </message>
    <message>
        <source>renames and links between folders are refused even inside the workspace (ABI 1)</source>
        <translation>Umbenennen und Verknüpfen zwischen Ordnern wird auch im Arbeitsordner verweigert (ABI 1)</translation>
    </message>
    <message>
        <source>truncating files outside is not prevented (needs ABI 3)</source>
        <translation>Kürzen von Dateien außerhalb wird nicht verhindert (braucht ABI 3)</translation>
    </message>
    <message>
        <source>device ioctls are not limited (needs ABI 5)</source>
        <translation>ioctl-Aufrufe auf Geräte werden nicht begrenzt (braucht ABI 5)</translation>
    </message>
    <message>
        <source>signals and abstract sockets to processes outside are not limited (needs ABI 6)</source>
        <translation>Signale und abstrakte Sockets zu Prozessen außerhalb werden nicht begrenzt (braucht ABI 6)</translation>
    </message>
    <message>
        <source>network access is not limited</source>
        <translation>der Netzwerkzugriff wird nicht begrenzt</translation>
    </message>
    <message>
        <source>Not enforced on this kernel (Landlock ABI %1): %2</source>
        <translation>Auf diesem Kernel nicht durchgesetzt (Landlock-ABI %1): %2</translation>
    </message>
</context>
<context>
    <name>Ui::AgentTextDocument</name>
    <message>
        <source>[image: %1]</source>
        <translation>[Bild: %1]</translation>
    </message>
</context>
<context>
    <name>Ui::ElicitationDialog</name>
    <message>
        <source>%1 asks</source>
        <translation>%1 fragt</translation>
    </message>
    <message>
        <source>It wants you to open this address (host &lt;b&gt;%1&lt;/b&gt;):&lt;br&gt;&lt;code&gt;%2&lt;/code&gt;</source>
        <translation>Der Agent möchte, dass Sie diese Adresse öffnen (Host &lt;b&gt;%1&lt;/b&gt;):&lt;br&gt;&lt;code&gt;%2&lt;/code&gt;</translation>
    </message>
    <message>
        <source>&amp;Open in browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>&amp;Absenden</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>Ab&amp;lehnen</translation>
    </message>
</context>
<context>
    <name>Ui::FindBar</name>
    <message>
        <source>Find in the transcript</source>
        <translation>Im Verlauf suchen</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
</context>
<context>
    <name>Ui::InspectorWindow</name>
    <message>
        <source>Protocol Inspector</source>
        <translation>Protokoll-Inspektor</translation>
    </message>
    <message>
        <source>Filter by method, update type or text (e.g. tool_call, session/prompt)</source>
        <translation>Nach Methode, Aktualisierungstyp oder Text filtern (z. B. tool_call, session/prompt)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Speichern…</translation>
    </message>
    <message>
        <source>Save traffic</source>
        <translation>Datenverkehr speichern</translation>
    </message>
    <message>
        <source>Filter messages</source>
        <translation>Nachrichten filtern</translation>
    </message>
    <message>
        <source>Protocol messages</source>
        <translation>Protokollnachrichten</translation>
    </message>
    <message>
        <source>Selected message</source>
        <translation>Ausgewählte Nachricht</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Each agent&apos;s traffic from its start: the last %1 messages, %2 MiB at most, each message cut to its first %3 MiB.</source>
        <translation>Der Verkehr jedes Agenten von Beginn an: die letzten %1 Nachrichten, höchstens %2 MiB, jede Nachricht auf ihre ersten %3 MiB gekürzt.</translation>
    </message>
</context>
<context>
    <name>Ui::LoginBar</name>
    <message>
        <source>The agent asks you to log in:</source>
        <translation>Der Agent bittet Sie, sich anzumelden:</translation>
    </message>
    <message>
        <source>Opens a terminal to log in, then restarts the agent.</source>
        <translation>Öffnet ein Terminal zum Anmelden und startet danach den Agenten neu.</translation>
    </message>
    <message>
        <source>No terminal emulator was found. Run &lt;code&gt;%1&lt;/code&gt; in a terminal, then restart the agent.</source>
        <translation>Es wurde kein Terminal-Emulator gefunden. Führen Sie &lt;code&gt;%1&lt;/code&gt; in einem Terminal aus und starten Sie dann den Agenten neu.</translation>
    </message>
    <message>
        <source>The terminal could not be opened. Run &lt;code&gt;%1&lt;/code&gt; yourself, then restart the agent.</source>
        <translation>Das Terminal konnte nicht geöffnet werden. Führen Sie &lt;code&gt;%1&lt;/code&gt; selbst aus und starten Sie dann den Agenten neu.</translation>
    </message>
    <message>
        <source>Log in in the terminal window; the agent restarts when it closes.</source>
        <translation>Melden Sie sich im Terminalfenster an; der Agent wird neu gestartet, sobald das Fenster geschlossen wird.</translation>
    </message>
</context>
<context>
    <name>Ui::MainWindow</name>
    <message>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>New session…</source>
        <translation>Neue Sitzung…</translation>
    </message>
    <message>
        <source>Agent console (stderr)</source>
        <translation>Agentenkonsole (stderr)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Session…</source>
        <translation>&amp;Neue Sitzung…</translation>
    </message>
    <message>
        <source>&amp;Open Session…</source>
        <translation>Sitzung ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Close Session</source>
        <translation>Sitzung &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Export as Markdown…</source>
        <translation>Als Markdown &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <source>&amp;Stop Turn</source>
        <translation>Runde &amp;stoppen</translation>
    </message>
    <message>
        <source>&amp;Find in Transcript</source>
        <translation>&amp;Im Verlauf suchen</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Protocol &amp;Inspector</source>
        <translation>Protokoll-&amp;Inspektor</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>There is no agent profile named &quot;%1&quot; any more.</source>
        <translation>Es gibt kein Agentenprofil namens &quot;%1&quot; mehr.</translation>
    </message>
    <message>
        <source>%1 — Switchboard</source>
        <translation>%1 — Switchboard</translation>
    </message>
    <message>
        <source>New Session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>Arbeitsverzeichnis</translation>
    </message>
    <message>
        <source>&amp;Agent:</source>
        <translation>&amp;Agent:</translation>
    </message>
    <message>
        <source>&amp;Directory:</source>
        <translation>&amp;Verzeichnis:</translation>
    </message>
    <message>
        <source>%1 is not a directory.</source>
        <translation>%1 ist kein Verzeichnis.</translation>
    </message>
    <message>
        <source>Export as Markdown</source>
        <translation>Als Markdown exportieren</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Agent &amp;Registry…</source>
        <translation>Agenten-&amp;Registry…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Switchboard</source>
        <translation>Ü&amp;ber Switchboard</translation>
    </message>
    <message>
        <source>About Switchboard</source>
        <translation>Über Switchboard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Switchboard %1&lt;/h3&gt;&lt;p&gt;A desktop client for agents that speak the Agent Client Protocol (ACP).&lt;/p&gt;&lt;p&gt;MIT License.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Switchboard %1&lt;/h3&gt;&lt;p&gt;Ein Desktop-Client für Agenten, die das Agent Client Protocol (ACP) verwenden.&lt;/p&gt;&lt;p&gt;MIT-Lizenz.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Speichern fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>(%n more failed writes)</source>
        <translation>
            <numerusform>(%n weiterer fehlgeschlagener Schreibvorgang)</numerusform>
            <numerusform>(%n weitere fehlgeschlagene Schreibvorgänge)</numerusform>
        </translation>
    </message>
    <message>
        <source>Your sessions go on, and the files on disk keep what was last saved; free some space (or fix the permissions) and the next save will catch up.</source>
        <translation>Ihre Sitzungen laufen weiter, und die Dateien auf der Festplatte behalten den zuletzt gespeicherten Stand; geben Sie Speicherplatz frei (oder korrigieren Sie die Berechtigungen), dann holt das nächste Speichern alles nach.</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>The transcript contains secrets this agent was given (API keys, tokens from its settings or your environment). Hide them in the exported file?</source>
        <translation>Der Verlauf enthält Geheimnisse, die dieser Agent bekommen hat (API-Schlüssel, Tokens aus seinen Einstellungen oder Ihrer Umgebung). Sollen sie in der exportierten Datei verborgen werden?</translation>
    </message>
    <message>
        <source>&amp;Hide secrets</source>
        <translation>Geheimnisse &amp;verbergen</translation>
    </message>
    <message>
        <source>&amp;Keep them</source>
        <translation>&amp;Behalten</translation>
    </message>
</context>
<context>
    <name>Ui::McpServerDialog</name>
    <message>
        <source>MCP Server</source>
        <translation>MCP-Server</translation>
    </message>
    <message>
        <source>Command (stdio)</source>
        <translation>Befehl (stdio)</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>SSE (deprecated by MCP)</source>
        <translation>SSE (von MCP abgekündigt)</translation>
    </message>
    <message>
        <source>a program on PATH, or its absolute path</source>
        <translation>ein Programm im PATH oder sein absoluter Pfad</translation>
    </message>
    <message>
        <source>separated by spaces; quote with &quot;&quot;</source>
        <translation>durch Leerzeichen getrennt; mit &quot;&quot; quotieren</translation>
    </message>
    <message>
        <source>NAME=value, one per line</source>
        <translation>NAME=Wert, einer pro Zeile</translation>
    </message>
    <message>
        <source>Name: value, one per line</source>
        <translation>Name: Wert, einer pro Zeile</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Transport:</source>
        <translation>&amp;Transport:</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation>&amp;Argumente:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Umgebung:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>U&amp;RL:</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>&amp;Header:</translation>
    </message>
</context>
<context>
    <name>Ui::McpServerList</name>
    <message>
        <source>MCP servers</source>
        <translation>MCP-Server</translation>
    </message>
    <message>
        <source>Ed&amp;it…</source>
        <translation>Bearbe&amp;iten…</translation>
    </message>
    <message>
        <source>Add ser&amp;ver…</source>
        <translation>Ser&amp;ver hinzufügen…</translation>
    </message>
    <message>
        <source>Rem&amp;ove</source>
        <translation>Entfer&amp;nen</translation>
    </message>
</context>
<context>
    <name>Ui::PermissionCard</name>
    <message>
        <source>&lt;b&gt;The agent asks for permission:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Der Agent bittet um Berechtigung:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>%1 (later sessions too)</source>
        <translation>%1 (auch spätere Sitzungen)</translation>
    </message>
    <message>
        <source>%1 (this session)</source>
        <translation>%1 (diese Sitzung)</translation>
    </message>
    <message>
        <source>&amp;Keep an &quot;always&quot; answer for later sessions too: %1</source>
        <translation>„Immer“-Antwort auch für spätere Sitzungen &amp;behalten: %1</translation>
    </message>
</context>
<context>
    <name>Ui::PromptArea</name>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Queued prompts</source>
        <translation>Prompts in der Warteschlange</translation>
    </message>
    <message>
        <source>Prompts waiting for the running turn. Delete removes one; double-click edits it.</source>
        <translation>Prompts, die auf die laufende Runde warten. Entf entfernt einen, Doppelklick bearbeitet ihn.</translation>
    </message>
    <message>
        <source>Force Stop</source>
        <translation>Beenden erzwingen</translation>
    </message>
    <message>
        <source>The agent has not stopped its turn yet. Stop the agent&apos;s process now; the transcript is kept and Restart resumes the session.</source>
        <translation>Der Agent hat seine Runde noch nicht beendet. Den Prozess des Agenten jetzt beenden; der Verlauf bleibt erhalten, und ein Neustart setzt die Sitzung fort.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Stop the turn (Esc). Text typed now is queued.</source>
        <translation>Runde stoppen (Esc). Jetzt eingegebener Text wird in die Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>Senden (Eingabe)</translation>
    </message>
    <message>
        <source>Send (Enter). The prompt goes once the session is open.</source>
        <translation>Senden (Eingabe). Der Prompt geht ab, sobald die Sitzung offen ist.</translation>
    </message>
    <message>
        <source>This agent does not accept images.</source>
        <translation>Dieser Agent akzeptiert keine Bilder.</translation>
    </message>
    <message>
        <source>image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Attached: %1 &amp;nbsp; &lt;a href=&apos;#remove&apos;&gt;remove&lt;/a&gt;</source>
        <translation>Angehängt: %1 &amp;nbsp; &lt;a href=&apos;#remove&apos;&gt;entfernen&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>Ui::PromptEdit</name>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Ask the agent…  (Enter sends, Shift+Enter adds a line, / for commands, @ for files)</source>
        <translation>Fragen Sie den Agenten…  (Eingabe sendet, Umschalt+Eingabe fügt eine Zeile ein, / für Befehle, @ für Dateien)</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>eingefügtes Bild</translation>
    </message>
</context>
<context>
    <name>Ui::RegistryDialog</name>
    <message>
        <source>&amp;Add as Profile</source>
        <translation>Als Profil &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Cancel &amp;Download</source>
        <translation>&amp;Download abbrechen</translation>
    </message>
    <message>
        <source>Agent Registry</source>
        <translation>Agenten-Registry</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Search by name or description</source>
        <translation>Nach Name oder Beschreibung suchen</translation>
    </message>
    <message>
        <source>Search the registry</source>
        <translation>Registry durchsuchen</translation>
    </message>
    <message>
        <source>Agents in the registry</source>
        <translation>Agenten in der Registry</translation>
    </message>
    <message>
        <source>Run with</source>
        <translation>Ausführen mit</translation>
    </message>
    <message>
        <source>R&amp;un with:</source>
        <translation>A&amp;usführen mit:</translation>
    </message>
    <message>
        <source>Installed in %1.</source>
        <translation>Installiert in %1.</translation>
    </message>
    <message>
        <source>Loading the registry from %1…</source>
        <translation>Registry wird von %1 geladen…</translation>
    </message>
    <message numerus="yes">
        <source>%n agent(s) in the registry.</source>
        <translation>
            <numerusform>%n Agent in der Registry.</numerusform>
            <numerusform>%n Agenten in der Registry.</numerusform>
        </translation>
    </message>
    <message>
        <source>binary for %1</source>
        <translation>Binärdatei für %1</translation>
    </message>
    <message>
        <source>Distribution: %1</source>
        <translation>Bereitstellung: %1</translation>
    </message>
    <message>
        <source>Authors: %1</source>
        <translation>Autoren: %1</translation>
    </message>
    <message>
        <source>License: %1</source>
        <translation>Lizenz: %1</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Quellcode: %1</translation>
    </message>
    <message>
        <source>Website: %1</source>
        <translation>Website: %1</translation>
    </message>
    <message>
        <source>Download the binary for %1</source>
        <translation>Binärdatei für %1 herunterladen</translation>
    </message>
    <message>
        <source>This agent has no build for %1 and no npx or uvx package.</source>
        <translation>Für diesen Agenten gibt es weder einen Build für %1 noch ein npx- oder uvx-Paket.</translation>
    </message>
    <message>
        <source>%1 was not found on PATH: install it before starting this agent (%2).</source>
        <translation>%1 wurde im PATH nicht gefunden: Installieren Sie es, bevor Sie diesen Agenten starten (%2).</translation>
    </message>
    <message>
        <source>Download %1?</source>
        <translation>%1 herunterladen?</translation>
    </message>
    <message>
        <source>Download and install %1 %2?</source>
        <translation>%1 %2 herunterladen und installieren?</translation>
    </message>
    <message>
        <source>From: %1
Into: %2
%3

The agent will run from there with your permissions.</source>
        <translation>Von: %1
Nach: %2
%3

Der Agent wird von dort mit Ihren Berechtigungen ausgeführt.</translation>
    </message>
    <message>
        <source>The registry gives no checksum for this download, so it cannot be verified.</source>
        <translation>Die Registry gibt für diesen Download keine Prüfsumme an, daher kann er nicht überprüft werden.</translation>
    </message>
    <message>
        <source>It is checked against the registry&apos;s SHA-256 checksum.</source>
        <translation>Er wird anhand der SHA-256-Prüfsumme der Registry überprüft.</translation>
    </message>
    <message>
        <source>Download and &amp;Install</source>
        <translation>Herunterladen und &amp;installieren</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 wird heruntergeladen…</translation>
    </message>
    <message>
        <source>Updated the profile &quot;%1&quot;.</source>
        <translation>Das Profil &quot;%1&quot; wurde aktualisiert.</translation>
    </message>
    <message>
        <source>Added the profile &quot;%1&quot;. Start it with File &gt; New Session.</source>
        <translation>Das Profil &quot;%1&quot; wurde hinzugefügt. Starten Sie es mit Datei &gt; Neue Sitzung.</translation>
    </message>
    <message>
        <source>Verified. Unpacking…</source>
        <translation>Geprüft. Wird entpackt…</translation>
    </message>
</context>
<context>
    <name>Ui::SessionBrowser</name>
    <message>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Load full &amp;history</source>
        <translation>Vollständigen &amp;Verlauf laden</translation>
    </message>
    <message>
        <source>Replay the whole conversation from the agent instead of resuming</source>
        <translation>Die gesamte Unterhaltung vom Agenten wiedergeben lassen, statt sie fortzusetzen</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>Ver&amp;gessen</translation>
    </message>
    <message>
        <source>Remove it from this list and delete its saved transcript</source>
        <translation>Aus dieser Liste entfernen und den gespeicherten Verlauf löschen</translation>
    </message>
    <message>
        <source>Forget &quot;%1&quot; and delete its saved transcript?</source>
        <translation>&quot;%1&quot; vergessen und den gespeicherten Verlauf löschen?</translation>
    </message>
    <message>
        <source>All directories</source>
        <translation>Alle Verzeichnisse</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>Sitzungen durchsuchen</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Search titles and transcripts</source>
        <translation>Titel und Verläufe durchsuchen</translation>
    </message>
    <message>
        <source>Searching the transcripts…</source>
        <translation>Die Verläufe werden durchsucht …</translation>
    </message>
    <message>
        <source>The transcripts cannot be searched: %1</source>
        <translation>Die Verläufe können nicht durchsucht werden: %1</translation>
    </message>
    <message>
        <source>Not found in any transcript</source>
        <translation>In keinem Verlauf gefunden</translation>
    </message>
    <message numerus="yes">
        <source>Found in %n session(s)</source>
        <translation>
            <numerusform>In %n Sitzung gefunden</numerusform>
            <numerusform>In %n Sitzungen gefunden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ui::SessionHeader</name>
    <message>
        <source>Review &amp;writes</source>
        <translation>Schreibvorgänge &amp;prüfen</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Show each file the agent writes as a diff first, and write it only if you agree.</source>
        <translation>Jede Datei, die der Agent schreibt, zuerst als Diff anzeigen und erst nach Ihrer Zustimmung schreiben.</translation>
    </message>
    <message>
        <source>%L1k / %L2k tokens</source>
        <translation>%L1k / %L2k Token</translation>
    </message>
    <message>
        <source>No sandbox</source>
        <translation>Keine Sandbox</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
</context>
<context>
    <name>Ui::SessionListModel</name>
    <message>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Found in the transcript</source>
        <translation>Im Verlauf gefunden</translation>
    </message>
</context>
<context>
    <name>Ui::SessionStatus</name>
    <message>
        <source>Restart agent</source>
        <translation>Agent neu starten</translation>
    </message>
    <message>
        <source>&lt;b&gt;The agent could not be used.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Der Agent konnte nicht verwendet werden.&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>The agent could not be started. Is &lt;code&gt;%1&lt;/code&gt; installed and on your PATH?</source>
        <translation>Der Agent konnte nicht gestartet werden. Ist &lt;code&gt;%1&lt;/code&gt; installiert und im PATH?</translation>
    </message>
    <message>
        <source>The agent stopped before it was ready: %1.</source>
        <translation>Der Agent wurde beendet, bevor er bereit war: %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No session:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Keine Sitzung:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;The session could not be opened:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Die Sitzung konnte nicht geöffnet werden:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>This agent cannot reopen sessions. Its last saved transcript is shown, read-only.</source>
        <translation>Dieser Agent kann Sitzungen nicht wieder öffnen. Der zuletzt gespeicherte Verlauf wird schreibgeschützt angezeigt.</translation>
    </message>
    <message>
        <source>&lt;b&gt;You stopped the agent&lt;/b&gt; (it did not stop its turn when asked).</source>
        <translation>&lt;b&gt;Sie haben den Agenten beendet&lt;/b&gt; (er hat seine Runde auf Anfrage nicht beendet).</translation>
    </message>
    <message>
        <source>&lt;b&gt;The agent has stopped:&lt;/b&gt; %1.</source>
        <translation>&lt;b&gt;Der Agent läuft nicht mehr:&lt;/b&gt; %1.</translation>
    </message>
    <message>
        <source>The transcript is kept.</source>
        <translation>Der Verlauf bleibt erhalten.</translation>
    </message>
    <message>
        <source>MCP server &lt;b&gt;%1&lt;/b&gt; (%2) was not passed to the agent: %3</source>
        <translation>MCP-Server &lt;b&gt;%1&lt;/b&gt; (%2) wurde nicht an den Agenten übergeben: %3</translation>
    </message>
</context>
<context>
    <name>Ui::SessionView</name>
    <message>
        <source>Restart agent</source>
        <translation>Agent neu starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Loading was cancelled. The last saved transcript is shown.</source>
        <translation>Das Laden wurde abgebrochen. Der zuletzt gespeicherte Verlauf wird angezeigt.</translation>
    </message>
    <message>
        <source>Login failed: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The agent asks you something.</source>
        <translation>Der Agent hat eine Frage an Sie.</translation>
    </message>
    <message numerus="yes">
        <source>Loading the session… %n update(s) replayed</source>
        <translation>
            <numerusform>Sitzung wird geladen… %n Aktualisierung wiedergegeben</numerusform>
            <numerusform>Sitzung wird geladen… %n Aktualisierungen wiedergegeben</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>%1 wird gestartet…</translation>
    </message>
    <message>
        <source>Opening a session in %1…</source>
        <translation>Sitzung in %1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Resuming the session…</source>
        <translation>Sitzung wird fortgesetzt…</translation>
    </message>
    <message>
        <source>Loading the session…</source>
        <translation>Sitzung wird geladen…</translation>
    </message>
    <message>
        <source>The agent asks for permission.</source>
        <translation>Der Agent bittet um Berechtigung.</translation>
    </message>
    <message>
        <source>The agent finished its turn.</source>
        <translation>Der Agent hat seine Runde beendet.</translation>
    </message>
    <message>
        <source>The agent wants to write a file.</source>
        <translation>Der Agent möchte eine Datei schreiben.</translation>
    </message>
    <message>
        <source>Restart agent and resume</source>
        <translation>Agent neu starten und fortsetzen</translation>
    </message>
    <message>
        <source>The agent replayed only %1 of the %2 prompts of this session: it may not remember the others. Shown is the transcript Switchboard kept.</source>
        <translation>Der Agent hat nur %1 der %2 Eingaben dieser Sitzung wiedergegeben: an die übrigen erinnert er sich womöglich nicht. Angezeigt wird das Protokoll, das Switchboard aufbewahrt hat.</translation>
    </message>
</context>
<context>
    <name>Ui::SettingsDialog</name>
    <message>
        <source>&amp;Reopen the sessions that were open when Switchboard closed</source>
        <translation>&amp;Sitzungen wieder öffnen, die beim Beenden von Switchboard geöffnet waren</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>arguments, separated by spaces (quote with &quot;&quot;)</source>
        <translation>Argumente, durch Leerzeichen getrennt (mit &quot;&quot; zusammenfassen)</translation>
    </message>
    <message>
        <source>NAME=value, one per line</source>
        <translation>NAME=Wert, einer pro Zeile</translation>
    </message>
    <message>
        <source>default working directory (optional)</source>
        <translation>Standard-Arbeitsverzeichnis (optional)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>Be&amp;fehl:</translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation>A&amp;rgumente:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Umgebung:</translation>
    </message>
    <message>
        <source>&amp;Directory:</source>
        <translation>&amp;Verzeichnis:</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Custom command</source>
        <translation>Eigener Befehl</translation>
    </message>
    <message>
        <source>New agent</source>
        <translation>Neuer Agent</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>&amp;Duplizieren</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Agent &amp;profiles</source>
        <translation>Agenten&amp;profile</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>&amp;Widerrufen</translation>
    </message>
    <message>
        <source>Remem&amp;bered permissions</source>
        <translation>Gespeicherte &amp;Berechtigungen</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>Every profile needs a name and a command.</source>
        <translation>Jedes Profil benötigt einen Namen und einen Befehl.</translation>
    </message>
    <message>
        <source>This agent&apos;s own MCP servers, in addition to the global ones (one of the same name replaces the global one).</source>
        <translation>Die eigenen MCP-Server dieses Agenten, zusätzlich zu den globalen (einer mit gleichem Namen ersetzt den globalen).</translation>
    </message>
    <message>
        <source>MCP servers given to every agent when a session starts, loads or resumes. A profile can add its own. Servers over HTTP or SSE go only to agents that support them; you are told when one is left out.</source>
        <translation>MCP-Server, die jeder Agent erhält, wenn eine Sitzung startet, geladen oder fortgesetzt wird. Ein Profil kann eigene hinzufügen. Server über HTTP oder SSE erhalten nur Agenten, die sie unterstützen; Sie werden informiert, wenn einer ausgelassen wird.</translation>
    </message>
    <message>
        <source>&amp;MCP servers</source>
        <translation>&amp;MCP-Server</translation>
    </message>
    <message>
        <source>MCP &amp;servers:</source>
        <translation>MCP-&amp;Server:</translation>
    </message>
    <message>
        <source>Agent profiles</source>
        <translation>Agentenprofile</translation>
    </message>
    <message>
        <source>Remembered permissions</source>
        <translation>Gespeicherte Berechtigungen</translation>
    </message>
    <message>
        <source>Agent re&amp;gistry:</source>
        <translation>Agenten-&amp;Registry:</translation>
    </message>
    <message>
        <source>What it covers</source>
        <translation>Was sie abdeckt</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Gilt</translation>
    </message>
    <message>
        <source>Answers you chose with &quot;always&quot;: for one session, or for a project when you said so. Revoke one to be asked again.</source>
        <translation>Antworten, die Sie mit „immer“ gewählt haben: für eine Sitzung oder, wenn Sie es so wollten, für ein Projekt. Widerrufen Sie eine, um wieder gefragt zu werden.</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>Erlauben</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>until the session ends</source>
        <translation>bis zum Ende der Sitzung</translation>
    </message>
    <message>
        <source>for later sessions</source>
        <translation>für spätere Sitzungen</translation>
    </message>
    <message>
        <source>Re&amp;fuse to start without it</source>
        <translation>Ohne sie nicht &amp;starten</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Off: the agent can write wherever you can</source>
        <translation>Aus: Der Agent kann überall schreiben, wo Sie es können</translation>
    </message>
    <message>
        <source>Writes only in the session&apos;s folder</source>
        <translation>Schreibt nur im Ordner der Sitzung</translation>
    </message>
    <message>
        <source>Strict: reads and writes only in the session&apos;s folder</source>
        <translation>Streng: liest und schreibt nur im Ordner der Sitzung</translation>
    </message>
    <message>
        <source>Enforced by the kernel (Landlock) for the agent, every program it starts and the commands it runs. The agent&apos;s own folders below and a private temporary folder stay writable; strict mode also hides the rest of your files (the system&apos;s programs and settings stay readable).</source>
        <translation>Vom Kernel (Landlock) durchgesetzt, für den Agenten, jedes Programm, das er startet, und die Befehle, die er ausführt. Die eigenen Ordner des Agenten unten und ein privater temporärer Ordner bleiben beschreibbar; der strenge Modus verbirgt außerdem Ihre übrigen Dateien (die Programme und Einstellungen des Systems bleiben lesbar).</translation>
    </message>
    <message>
        <source>Where the kernel cannot enforce the sandbox, do not start the agent at all (otherwise it runs unconfined, and the session says so).</source>
        <translation>Wo der Kernel die Sandbox nicht durchsetzen kann, den Agenten gar nicht starten (sonst läuft er uneingeschränkt, und die Sitzung sagt das).</translation>
    </message>
    <message>
        <source>Sand&amp;box:</source>
        <translation>Sand&amp;box:</translation>
    </message>
    <message>
        <source>the agent&apos;s own state and cache, one per line (~/.codex)</source>
        <translation>eigener Zustand und Cache des Agenten, einer pro Zeile (~/.codex)</translation>
    </message>
    <message>
        <source>Writable in the sandbox; created when missing.</source>
        <translation>In der Sandbox beschreibbar; wird angelegt, wenn er fehlt.</translation>
    </message>
    <message>
        <source>Agent&apos;s f&amp;olders:</source>
        <translation>&amp;Ordner des Agenten:</translation>
    </message>
    <message>
        <source>strict mode: more to read, one per line</source>
        <translation>strenger Modus: weiteres zum Lesen, eines pro Zeile</translation>
    </message>
    <message>
        <source>Also &amp;readable:</source>
        <translation>Außerdem &amp;lesbar:</translation>
    </message>
    <message>
        <source>not limited (e.g. 443, 8080)</source>
        <translation>nicht begrenzt (z. B. 443, 8080)</translation>
    </message>
    <message>
        <source>Only TCP connections to these ports, and no listening (Landlock ABI 4, Linux 6.7).</source>
        <translation>Nur TCP-Verbindungen zu diesen Ports, und kein Lauschen (Landlock-ABI 4, Linux 6.7).</translation>
    </message>
    <message>
        <source>Only TCP &amp;ports:</source>
        <translation>Nur TCP-&amp;Ports:</translation>
    </message>
    <message>
        <source>This kernel offers Landlock ABI %1.</source>
        <translation>Dieser Kernel bietet Landlock-ABI %1.</translation>
    </message>
    <message>
        <source>This kernel has no Landlock: a sandbox cannot be set up here.</source>
        <translation>Dieser Kernel hat kein Landlock: Eine Sandbox kann hier nicht eingerichtet werden.</translation>
    </message>
</context>
<context>
    <name>Ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Prompt: send</source>
        <translation>Prompt: senden</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Prompt: new line</source>
        <translation>Prompt: neue Zeile</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Umschalt+Eingabe</translation>
    </message>
    <message>
        <source>Prompt: earlier or later prompts</source>
        <translation>Prompt: frühere oder spätere Prompts</translation>
    </message>
    <message>
        <source>Up / Down</source>
        <translation>Hoch / Runter</translation>
    </message>
    <message>
        <source>Prompt: complete a command or a file</source>
        <translation>Prompt: Befehl oder Datei vervollständigen</translation>
    </message>
    <message>
        <source>/ or @, then Tab or Enter</source>
        <translation>/ oder @, dann Tab oder Eingabe</translation>
    </message>
    <message>
        <source>Transcript: copy the selected message as Markdown</source>
        <translation>Verlauf: ausgewählte Nachricht als Markdown kopieren</translation>
    </message>
    <message>
        <source>Transcript: open a thought or tool call</source>
        <translation>Verlauf: Gedanken oder Werkzeugaufruf öffnen</translation>
    </message>
    <message>
        <source>Enter or double-click</source>
        <translation>Eingabe oder Doppelklick</translation>
    </message>
    <message>
        <source>Permission request: choose option 1 to 4</source>
        <translation>Berechtigungsanfrage: Option 1 bis 4 wählen</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>Queued prompt: remove</source>
        <translation>Prompt in der Warteschlange: entfernen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Entf</translation>
    </message>
    <message>
        <source>Any menu</source>
        <translation>Beliebiges Menü</translation>
    </message>
    <message>
        <source>Alt + the underlined letter</source>
        <translation>Alt + der unterstrichene Buchstabe</translation>
    </message>
    <message>
        <source>Next or previous control</source>
        <translation>Nächstes oder vorheriges Bedienelement</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Umschalt+Tab</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
</context>
<context>
    <name>Ui::TrafficModel</name>
    <message>
        <source>← in</source>
        <translation>← ein</translation>
    </message>
    <message>
        <source>→ out</source>
        <translation>→ aus</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>• note</source>
        <translation>• Notiz</translation>
    </message>
    <message>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
    <message>
        <source>%1 (cut: the first %2 bytes are kept)</source>
        <translation>%1 (gekürzt: die ersten %2 Bytes sind erhalten)</translation>
    </message>
</context>
<context>
    <name>Ui::TranscriptDelegate</name>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source> (new file)</source>
        <translation> (neue Datei)</translation>
    </message>
    <message>
        <source>… %1 more changed lines</source>
        <translation>… %1 weitere geänderte Zeilen</translation>
    </message>
    <message>
        <source>… %1 earlier lines
</source>
        <translation>… %1 frühere Zeilen
</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Attached:</source>
        <translation>Angehängt:</translation>
    </message>
    <message>
        <source>Thinking:</source>
        <translation>Denkt nach:</translation>
    </message>
    <message>
        <source>Terminal %1 (its output is not available in this window)</source>
        <translation>Terminal %1 (seine Ausgabe ist in diesem Fenster nicht verfügbar)</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Double-click or Enter for the raw input and output.</source>
        <translation>Doppelklick oder Eingabetaste zeigt die unverarbeitete Ein- und Ausgabe.</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Turn ended</source>
        <translation>Runde beendet</translation>
    </message>
    <message>
        <source>Turn cancelled</source>
        <translation>Runde abgebrochen</translation>
    </message>
    <message>
        <source>Turn stopped: the token limit was reached</source>
        <translation>Runde gestoppt: Das Token-Limit wurde erreicht</translation>
    </message>
    <message>
        <source>Turn stopped: too many model requests</source>
        <translation>Runde gestoppt: zu viele Modellanfragen</translation>
    </message>
    <message>
        <source>The agent refused to continue</source>
        <translation>Der Agent hat die Fortsetzung verweigert</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>… earlier output
</source>
        <translation>… frühere Ausgabe
</translation>
    </message>
    <message>
        <source>Laying out… %1 of %2</source>
        <translation>Wird gesetzt … %1 von %2</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2.</source>
        <translation>Angezeigt werden die ersten %1 von %2.</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Alles anzeigen</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>Alles kopieren</translation>
    </message>
    <message>
        <source>Show less</source>
        <translation>Weniger anzeigen</translation>
    </message>
    <message>
        <source>Allowed by your rule: %1</source>
        <translation>Erlaubt durch Ihre Regel: %1</translation>
    </message>
    <message>
        <source>Rejected by your rule: %1</source>
        <translation>Abgelehnt durch Ihre Regel: %1</translation>
    </message>
    <message>
        <source>since forgotten</source>
        <translation>inzwischen vergessen</translation>
    </message>
    <message>
        <source>Forget rule</source>
        <translation>Regel vergessen</translation>
    </message>
</context>
<context>
    <name>Ui::TranscriptView</name>
    <message>
        <source>Transcript</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Show &amp;details</source>
        <translation>&amp;Details anzeigen</translation>
    </message>
    <message>
        <source>Open Link</source>
        <translation>Link öffnen</translation>
    </message>
    <message>
        <source>The agent&apos;s text links to:</source>
        <translation>Der Text des Agenten verweist auf:</translation>
    </message>
    <message>
        <source>

Open it with the desktop&apos;s default application?</source>
        <translation>

Mit der Standardanwendung des Desktops öffnen?</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Show &amp;less</source>
        <translation>&amp;Weniger anzeigen</translation>
    </message>
    <message>
        <source>Show &amp;all</source>
        <translation>&amp;Alles anzeigen</translation>
    </message>
</context>
<context>
    <name>Ui::WriteReviewDialog</name>
    <message>
        <source>Review a write</source>
        <translation>Schreibvorgang prüfen</translation>
    </message>
    <message>
        <source>Diff of %1</source>
        <translation>Diff von %1</translation>
    </message>
    <message>
        <source>The agent wants to write &lt;code&gt;%1&lt;/code&gt; (%2): &lt;span style=&apos;color:#1a7f37&apos;&gt;+%3&lt;/span&gt; &lt;span style=&apos;color:#cf222e&apos;&gt;−%4&lt;/span&gt;</source>
        <translation>Der Agent möchte &lt;code&gt;%1&lt;/code&gt; schreiben (%2): &lt;span style=&apos;color:#1a7f37&apos;&gt;+%3&lt;/span&gt; &lt;span style=&apos;color:#cf222e&apos;&gt;−%4&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;code&gt;%1&lt;/code&gt; (%2): &lt;span style=&apos;color:#1a7f37&apos;&gt;+%3&lt;/span&gt; &lt;span style=&apos;color:#cf222e&apos;&gt;−%4&lt;/span&gt;</source>
        <translation>&lt;code&gt;%1&lt;/code&gt; (%2): &lt;span style=&apos;color:#1a7f37&apos;&gt;+%3&lt;/span&gt; &lt;span style=&apos;color:#cf222e&apos;&gt;−%4&lt;/span&gt;</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>new file</source>
        <translation>neue Datei</translation>
    </message>
    <message>
        <source>&amp;Unified</source>
        <translation>&amp;Einheitlich</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>&amp;Side by side</source>
        <translation>&amp;Nebeneinander</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>&amp;Schreiben</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Ablehnen</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>An agent profile of the app.</source>
        <translation>Ein Agentenprofil der Anwendung.</translation>
    </message>
    <message>
        <source>Start the agent with this command line instead.</source>
        <translation>Den Agenten stattdessen mit dieser Befehlszeile starten.</translation>
    </message>
    <message>
        <source>The session&apos;s directory (default: the current one).</source>
        <translation>Das Verzeichnis der Sitzung (Standard: das aktuelle).</translation>
    </message>
    <message>
        <source>Continue (prompt) or print (load) this session.</source>
        <translation>Diese Sitzung fortsetzen (prompt) oder ausgeben (load).</translation>
    </message>
    <message>
        <source>Answer permission requests: allow, reject (default) or ask (a terminal only).</source>
        <translation>Berechtigungsanfragen beantworten: allow, reject (Standard) oder ask (nur in einem Terminal).</translation>
    </message>
    <message>
        <source>One JSON object per line instead of text.</source>
        <translation>Ein JSON-Objekt pro Zeile statt Text.</translation>
    </message>
    <message>
        <source>load: print the transcript as Markdown.</source>
        <translation>load: den Verlauf als Markdown ausgeben.</translation>
    </message>
    <message>
        <source>load: print replayed updates, load time and peak memory on stderr.</source>
        <translation>load: wiedergegebene Aktualisierungen, Ladezeit und Spitzenspeicher auf stderr ausgeben.</translation>
    </message>
    <message>
        <source>no command given</source>
        <translation>kein Befehl angegeben</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;</source>
        <translation>unbekannter Befehl &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1 takes no text</source>
        <translation>%1 akzeptiert keinen Text</translation>
    </message>
    <message>
        <source>load needs --session ID</source>
        <translation>load benötigt --session ID</translation>
    </message>
    <message>
        <source>--permission takes allow, reject or ask</source>
        <translation>--permission akzeptiert allow, reject oder ask</translation>
    </message>
    <message>
        <source>--permission ask needs a terminal on stdin; use allow or reject</source>
        <translation>--permission ask benötigt ein Terminal auf stdin; verwenden Sie allow oder reject</translation>
    </message>
    <message>
        <source>--json and --markdown exclude each other</source>
        <translation>--json und --markdown schließen sich gegenseitig aus</translation>
    </message>
    <message>
        <source>--agent and --exec exclude each other</source>
        <translation>--agent und --exec schließen sich gegenseitig aus</translation>
    </message>
    <message>
        <source>--exec: empty command line</source>
        <translation>--exec: leere Befehlszeile</translation>
    </message>
    <message>
        <source>no agent profile named &quot;%1&quot;</source>
        <translation>kein Agentenprofil namens &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--cwd: no such directory: %1</source>
        <translation>--cwd: Verzeichnis nicht gefunden: %1</translation>
    </message>
    <message>
        <source>could not save the session: %1</source>
        <translation>die Sitzung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>sessions: the sessions of every folder.</source>
        <translation>sessions: die Sitzungen aller Ordner.</translation>
    </message>
    <message>
        <source>--all and --rebuild-index go with sessions</source>
        <translation>--all und --rebuild-index gehören zu sessions</translation>
    </message>
    <message>
        <source>Drive an ACP agent from the command line.

Commands:
  prompt TEXT...   start a session (or continue --session), send TEXT, stream the
                   answer to stdout; tool calls, plans and permissions go to stderr
  sessions         list the sessions of the current folder (or --cwd; --all for
                   every folder): the agent&apos;s and the ones Switchboard remembers
  load             load --session and print its whole transcript
  search TEXT...   find TEXT in every saved transcript, newest first: session,
                   entry, agent, folder, title and excerpt (no agent is started)

The default agent is the bundled demo agent.

</source>
        <translation>Einen ACP-Agenten von der Kommandozeile aus steuern.

Befehle:
  prompt TEXT...   eine Sitzung beginnen (oder --session fortsetzen), TEXT senden und
                   die Antwort auf stdout ausgeben; Werkzeugaufrufe, Pläne und
                   Berechtigungen gehen nach stderr
  sessions         die Sitzungen des aktuellen Ordners auflisten (oder --cwd; --all für
                   alle Ordner): die des Agenten und die, die Switchboard kennt
  load             --session laden und den ganzen Verlauf ausgeben
  search TEXT...   TEXT in allen gespeicherten Verläufen finden, neueste zuerst: Sitzung,
                   Eintrag, Agent, Ordner, Titel und Auszug (ohne einen Agenten zu starten)

Der voreingestellte Agent ist der mitgelieferte Demo-Agent.

</translation>
    </message>
    <message>
        <source>sessions: first check the history database and import the session files of earlier versions still in its folder.</source>
        <translation>sessions: zuerst die Verlaufsdatenbank prüfen und Sitzungsdateien früherer Versionen aus ihrem Ordner importieren.</translation>
    </message>
    <message>
        <source>%1: no text given</source>
        <translation>%1: kein Text angegeben</translation>
    </message>
    <message>
        <source>prompt: the last N lines of each command&apos;s output, under its [tool] line on stderr (default 5; 0: none).</source>
        <translation>prompt: die letzten N Zeilen der Ausgabe jedes Befehls, unter seiner [tool]-Zeile auf stderr (Standard 5; 0: keine).</translation>
    </message>
    <message>
        <source>--output-lines takes a number</source>
        <translation>--output-lines erwartet eine Zahl</translation>
    </message>
    <message>
        <source>--session: an agent that replays the history after answering the load is waited for until it has been quiet for MS milliseconds (default 250).</source>
        <translation>--session: auf einen Agenten, der den Verlauf erst nach der Antwort auf das Laden wiedergibt, wird gewartet, bis er MS Millisekunden still war (Standard 250).</translation>
    </message>
    <message>
        <source>--replay-quiet takes milliseconds</source>
        <translation>--replay-quiet erwartet Millisekunden</translation>
    </message>
    <message>
        <source>The kernel sandbox for the agent and everything it starts: off, writes (writes only in the session&apos;s folder, the agent&apos;s own folders and a temporary one) or strict (reads too). Default: the profile&apos;s (the presets: writes). An agent is never started unconfined when this is given and cannot be had.</source>
        <translation>Die Kernel-Sandbox für den Agenten und alles, was er startet: off, writes (schreibt nur im Ordner der Sitzung, in den eigenen Ordnern des Agenten und einem temporären) oder strict (auch Lesen). Standard: die des Profils (die Vorlagen: writes). Ist dies angegeben und nicht zu haben, wird der Agent nie uneingeschränkt gestartet.</translation>
    </message>
    <message>
        <source>A folder of the agent&apos;s own that it may write in the sandbox (repeatable).</source>
        <translation>Ein eigener Ordner des Agenten, in den er in der Sandbox schreiben darf (wiederholbar).</translation>
    </message>
    <message>
        <source>prompt, sessions, load, search or profiles</source>
        <translation>prompt, sessions, load, search oder profiles</translation>
    </message>
    <message>
        <source>--sandbox: off, writes or strict</source>
        <translation>--sandbox: off, writes oder strict</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Open a session with the agent profile &lt;name&gt;.</source>
        <translation>Eine Sitzung mit dem Agentenprofil &lt;name&gt; öffnen.</translation>
    </message>
    <message>
        <source>The session&apos;s working directory.</source>
        <translation>Das Arbeitsverzeichnis der Sitzung.</translation>
    </message>
    <message>
        <source>Reopen the session &lt;id&gt; (with --agent, and --cwd unless the session is known).</source>
        <translation>Die Sitzung &lt;id&gt; wieder öffnen (mit --agent und, falls die Sitzung unbekannt ist, --cwd).</translation>
    </message>
    <message>
        <source>A desktop client for ACP agents.</source>
        <translation>Ein Desktop-Client für ACP-Agenten.</translation>
    </message>
    <message>
        <source>No agent profile named &quot;%1&quot;.</source>
        <translation>Kein Agentenprofil namens &quot;%1&quot;.</translation>
    </message>
</context>
</TS>
