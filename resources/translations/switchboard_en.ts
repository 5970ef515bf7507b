<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Acp::AgentRegistry</name>
    <message numerus="yes">
        <source>%n registry entries could not be read and are not shown.</source>
        <translation>
            <numerusform>%n registry entry could not be read and is not shown.</numerusform>
            <numerusform>%n registry entries could not be read and are not shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ui::MainWindow</name>
    <message numerus="yes">
        <source>(%n more failed writes)</source>
        <translation>
            <numerusform>(%n more failed write)</numerusform>
            <numerusform>(%n more failed writes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ui::RegistryDialog</name>
    <message numerus="yes">
        <source>%n agent(s) in the registry.</source>
        <translation>
            <numerusform>%n agent in the registry.</numerusform>
            <numerusform>%n agents in the registry.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ui::SessionBrowser</name>
    <message numerus="yes">
        <source>Found in %n session(s)</source>
        <translation>
            <numerusform>Found in %n session</numerusform>
            <numerusform>Found in %n sessions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ui::SessionView</name>
    <message numerus="yes">
        <source>Loading the session… %n update(s) replayed</source>
        <translation>
            <numerusform>Loading the session… %n update replayed</numerusform>
            <numerusform>Loading the session… %n updates replayed</numerusform>
        </translation>
    </message>
</context>
</TS>
