# The Debian package: `cmake --build <dir> --target package` writes switchboard_<version>_<arch>.deb.
# Runtime dependencies come from dpkg-shlibdeps (Debian's Qt 6 libraries at the versions the
# binaries were linked against), plus the Qt platform plugins, which no library links to.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME switchboard)
set(CPACK_PACKAGE_VENDOR "The Switchboard authors")
set(CPACK_PACKAGE_CONTACT "The Switchboard authors <switchboard@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop client for ACP coding agents")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SWITCHBOARD_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The history is SQLite through Qt SQL: the driver is a plugin, which shlibdeps cannot see.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite")
# Agents from the registry's npx and uvx entries need these; the demo agent does not.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "npm")
# Qt's own strings (standard buttons, file dialogs) in the user's language.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, unzip")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Switchboard launches local agents that speak the Agent Client Protocol
 (Claude Code, Codex, Gemini CLI, goose, ...) and lets you chat with them,
 review their tool calls, diffs and permission requests, and resume earlier
 sessions. It includes switchboard-cli, a command-line client for scripts,
 and switchboard-demo-agent, a scripted agent that needs no model.")
include(CPack)
