; PracticeDesk for Windows: the Inno Setup (6.3 or newer) script that wraps the one-folder bundle.
;
; Built by installer/build.py --package on Windows (it passes the three defines below), or
; by hand: iscc /DAppVersion=0.1.0 /DBundleDir=..\..\dist\practicedesk /DOutputDir=..\..\dist
;
; Per user, no administrator needed: the program goes to %LOCALAPPDATA%\Programs\PracticeDesk.
; The practice's data lives elsewhere (%LOCALAPPDATA%\PracticeDesk\practice, or where the owner
; chose) and this script never names it: the uninstaller removes only the files it installed,
; and an upgrade installs over the old version under the same AppId.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\practicedesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; Never change the AppId: it is how a newer installer finds the older version to replace.
AppId={{5E0B6C2A-93F1-4D8E-A7B4-2C61F0D9E385}
AppName=PracticeDesk
AppVersion={#AppVersion}
AppVerName=PracticeDesk {#AppVersion}
AppPublisher=PracticeDesk
DefaultDirName={localappdata}\Programs\PracticeDesk
UsePreviousAppDir=yes
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
OutputDir={#OutputDir}
OutputBaseFilename=PracticeDesk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\practicedesk.ico
UninstallDisplayIcon={app}\PracticeDesk.exe
UninstallDisplayName=PracticeDesk
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; A running PracticeDesk is asked to close before its files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's own libraries whole, so none of an older build's files
; linger beside the new ones. Only inside the program's folder, never the data folder.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\PracticeDesk"; Filename: "{app}\PracticeDesk.exe"; Comment: "The front desk: appointments, charts, forms and backups"
Name: "{autodesktop}\PracticeDesk"; Filename: "{app}\PracticeDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\PracticeDesk.exe"; Description: "{cm:LaunchProgram,PracticeDesk}"; Flags: nowait postinstall skipifsilent
