<#
.SYNOPSIS
    Collects what WSUS Sync Doctor needs to explain failed WSUS synchronizations.

.DESCRIPTION
    Run this on the WSUS server (Windows PowerShell 5.1, as an administrator).
    It writes one .zip, the collector bundle, that WSUS Sync Doctor imports on
    an admin's workstation:

      bundle.json      configuration, synchronization history and (with
                       -IncludeUpdates) the updates list, read through the
                       UpdateServices API; service states; the content
                       folder's ACL; WsusPool settings; SCHANNEL and .NET
                       strong-crypto registry values
      logs\            the last -LogMegabytes MB of SoftwareDistribution.log
      events.xml       the "Windows Server Update Services" events of the
                       Application log (wevtutil /f:RenderedXml)
      configmgr\       wsyncmgr.log and WCM.log when the server is also a
                       ConfigMgr software update point

    The bundle's shape is described by data/bundle-schema.json.
    No password is ever read: not the proxy password, not any other.
    Nothing on the server is changed.

.PARAMETER OutputFolder
    Where the .zip is written. Default: the current user's Desktop.

.PARAMETER LogMegabytes
    How much of the end of each log file to take. Default: 50.

.PARAMETER IncludeUpdates
    Also list every update (id, revision, title, approval, file status).
    Slow on large servers.

.PARAMETER UpdateServer
    The WSUS server to ask through the API. Default: this computer.

.PARAMETER Port
    The WSUS administration port. Default: 8530 (8531 with -UseSsl).

.PARAMETER UseSsl
    Connect to the API over SSL.

.EXAMPLE
    .\Collect-WsusSyncDiagnostics.ps1

.EXAMPLE
    .\Collect-WsusSyncDiagnostics.ps1 -IncludeUpdates -LogMegabytes 200 -OutputFolder D:\Temp

.NOTES
    Bundle format version 1. Collector version 1.0.
#>
[CmdletBinding()]
param(
    [string] $OutputFolder = [Environment]::GetFolderPath('Desktop'),
    [ValidateRange(1, 2048)]
    [int] $LogMegabytes = 50,
    [switch] $IncludeUpdates,
    [string] $UpdateServer = $env:COMPUTERNAME,
    [int] $Port = 0,
    [switch] $UseSsl
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$CollectorVersion = '1.0'
$WsusProvider = 'Windows Server Update Services'

function Write-Step([string] $Message) {
    Write-Host "[WsusSyncDiagnostics] $Message"
}

# Runs a piece of collection; a failure is reported and the rest goes on.
function Invoke-Safely([string] $What, [scriptblock] $Block) {
    try {
        & $Block
    } catch {
        Write-Warning "Could not read ${What}: $($_.Exception.Message)"
        $null
    }
}

function ConvertTo-UtcText([datetime] $Time) {
    if ($Time -eq [datetime]::MinValue) { return $null }
    # The API's DateTimes are UTC; ToUniversalTime leaves Kind=Utc alone.
    $Time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [Globalization.CultureInfo]::InvariantCulture)
}

# Copies the last $Megabytes of $Path to $Destination without cutting a line.
function Copy-LogTail([string] $Path, [string] $Destination, [int] $Megabytes) {
    $limit = [int64] $Megabytes * 1MB
    $source = [IO.File]::Open($Path, 'Open', 'Read', 'ReadWrite')
    try {
        $head = New-Object byte[] 2
        $null = $source.Read($head, 0, 2)
        $utf16 = ($head[0] -eq 0xFF -and $head[1] -eq 0xFE)
        $start = [Math]::Max([int64] 0, $source.Length - $limit)
        if ($utf16 -and ($start % 2) -ne 0) { $start++ }
        $source.Position = $start
        $target = [IO.File]::Create($Destination)
        try {
            if ($start -gt 0) {
                if ($utf16) {
                    $target.Write($head, 0, 2)
                } else {
                    # Skip the partial first line.
                    do { $b = $source.ReadByte() } while ($b -ne -1 -and $b -ne 10)
                }
            }
            $source.CopyTo($target)
        } finally {
            $target.Dispose()
        }
    } finally {
        $source.Dispose()
    }
}

function Get-RegistryValue([string] $Key, [string] $Name) {
    $item = Get-ItemProperty -Path $Key -Name $Name -ErrorAction SilentlyContinue
    if ($null -eq $item) { return $null }
    [int] $item.$Name
}

function Get-ServiceFacts {
    $services = [ordered]@{}
    foreach ($name in 'BITS', 'WsusService', 'W3SVC') {
        $service = Get-Service -Name $name -ErrorAction SilentlyContinue
        if ($null -ne $service) {
            $wmi = Get-CimInstance -ClassName Win32_Service -Filter "Name='$name'"
            $services[$name] = [ordered]@{
                start_type = [string] $wmi.StartMode
                status     = [string] $service.Status
            }
        }
    }
    $services
}

function Get-ContentFacts($Configuration) {
    $path = $Configuration.LocalContentCachePath
    $acl = @()
    if ($path -and (Test-Path -LiteralPath $path)) {
        $acl = @((Get-Acl -LiteralPath $path).Access | ForEach-Object {
            [ordered]@{
                identity  = [string] $_.IdentityReference
                rights    = [string] $_.FileSystemRights
                type      = [string] $_.AccessControlType
                inherited = [bool] $_.IsInherited
            }
        })
    }
    [ordered]@{
        store_locally = -not $Configuration.HostBinariesOnMicrosoftUpdate
        local_path    = $path
        acl           = $acl
    }
}

function Get-WsusPoolFacts {
    Import-Module WebAdministration -ErrorAction Stop
    $pool = 'IIS:\AppPools\WsusPool'
    [ordered]@{
        wsuspool_state                 = [string] (Get-WebAppPoolState -Name 'WsusPool').Value
        wsuspool_private_memory_kb     = [int64] (Get-ItemProperty $pool -Name recycling.periodicRestart.privateMemory).Value
        wsuspool_queue_length          = [int64] (Get-ItemProperty $pool -Name queueLength).Value
        wsuspool_rapid_fail_protection = [bool] (Get-ItemProperty $pool -Name failure.rapidFailProtection).Value
    }
}

function Get-TlsFacts {
    $root = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
    $schannel = [ordered]@{}
    if (Test-Path $root) {
        foreach ($protocol in Get-ChildItem $root) {
            $sides = [ordered]@{}
            foreach ($side in Get-ChildItem $protocol.PSPath) {
                $sides[$side.PSChildName] = [ordered]@{
                    enabled             = Get-RegistryValue $side.PSPath 'Enabled'
                    disabled_by_default = Get-RegistryValue $side.PSPath 'DisabledByDefault'
                }
            }
            $schannel[$protocol.PSChildName] = $sides
        }
    }
    $net64 = 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
    $net32 = 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319'
    [ordered]@{
        schannel_lines_seen       = ($schannel.Count -gt 0)
        dotnet_strong_crypto      = ((Get-RegistryValue $net64 'SchUseStrongCrypto') -eq 1 -and
                                     (Get-RegistryValue $net32 'SchUseStrongCrypto') -eq 1)
        dotnet_system_default_tls = ((Get-RegistryValue $net64 'SystemDefaultTlsVersions') -eq 1 -and
                                     (Get-RegistryValue $net32 'SystemDefaultTlsVersions') -eq 1)
        schannel                  = $schannel
    }
}

function Get-HistoryRows($Subscription) {
    foreach ($sync in $Subscription.GetSynchronizationHistory()) {
        $updateErrors = @(foreach ($updateError in $sync.UpdateErrors) {
            [ordered]@{
                update_id  = [string] $updateError.UpdateId.UpdateId
                revision   = [int] $updateError.UpdateId.RevisionNumber
                error      = [string] $updateError.Error
                error_text = [string] $updateError.ErrorText
            }
        })
        [ordered]@{
            id               = [string] $sync.Id
            start_utc        = ConvertTo-UtcText $sync.StartTime
            end_utc          = ConvertTo-UtcText $sync.EndTime
            started_manually = [bool] $sync.StartedManually
            result           = [string] $sync.Result
            error            = [string] $sync.Error
            error_text       = [string] $sync.ErrorText
            update_errors    = $updateErrors
        }
    }
}

function Get-UpdateRows($Server) {
    foreach ($update in $Server.GetUpdates()) {
        $state = Invoke-Safely 'an update state' { [string] $update.State }
        [ordered]@{
            update_id   = [string] $update.Id.UpdateId
            revision    = [int] $update.Id.RevisionNumber
            title       = [string] $update.Title
            approved    = [bool] $update.IsApproved
            declined    = [bool] $update.IsDeclined
            file_status = switch ($state) { 'Ready' { 'downloaded' } 'NotReady' { 'pending' } default { "$state".ToLowerInvariant() } }
        }
    }
}

# ---------------------------------------------------------------------------

$stamp = (Get-Date).ToString('yyyyMMdd-HHmmss')
$bundleName = "WsusSyncDiagnostics-$($env:COMPUTERNAME.ToLowerInvariant())-$stamp"
$work = Join-Path ([IO.Path]::GetTempPath()) $bundleName
$null = New-Item -ItemType Directory -Path $work
$null = New-Item -ItemType Directory -Path (Join-Path $work 'logs')

Write-Step 'Connecting to WSUS through the UpdateServices API'
[void][Reflection.Assembly]::LoadWithPartialName('Microsoft.UpdateServices.Administration')
if ($Port -eq 0) { $Port = if ($UseSsl) { 8531 } else { 8530 } }
$wsus = [Microsoft.UpdateServices.Administration.AdminProxy]::GetUpdateServer($UpdateServer, [bool] $UseSsl, $Port)
$configuration = $wsus.GetConfiguration()
$subscription = $wsus.GetSubscription()

$fqdn = [Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName.ToLowerInvariant()
$offset = [TimeZoneInfo]::Local.GetUtcOffset([DateTime]::Now)

Write-Step 'Reading the configuration'
$server = [ordered]@{
    name                       = $fqdn
    wsus_version               = [string] $wsus.Version
    os                         = [string] (Get-CimInstance -ClassName Win32_OperatingSystem).Caption
    utc_offset_minutes         = [int] $offset.TotalMinutes
    time_zone                  = [TimeZoneInfo]::Local.Id
    sync_from_microsoft_update = [bool] $configuration.SyncFromMicrosoftUpdate
    upstream_server            = $configuration.UpstreamWsusServerName
    upstream_port              = [int] $configuration.UpstreamWsusServerPortNumber
    upstream_use_ssl           = [bool] $configuration.UpstreamWsusServerUseSsl
    replica                    = [bool] $configuration.IsReplicaServer
    mu_url                     = [string] $configuration.MUUrl
    redirector_change_number   = [int] $configuration.RedirectorChangeNumber
    # The proxy's user and domain only: its password is never read.
    proxy                      = [ordered]@{
        enabled                  = [bool] $configuration.UseProxy
        host                     = $configuration.ProxyName
        port                     = [int] $configuration.ProxyServerPort
        user                     = $configuration.ProxyUserName
        domain                   = $configuration.ProxyUserDomain
        anonymous                = [bool] $configuration.AnonymousProxyAccess
        allow_basic_over_non_ssl = [bool] $configuration.AllowProxyCredentialsOverNonSsl
    }
    content                    = Invoke-Safely 'the content folder' { Get-ContentFacts $configuration }
    services                   = Invoke-Safely 'the services' { Get-ServiceFacts }
    iis                        = Invoke-Safely 'the WsusPool settings' { Get-WsusPoolFacts }
    schedule                   = [ordered]@{
        automatic      = [bool] $subscription.SynchronizeAutomatically
        first_sync_utc = $subscription.SynchronizeAutomaticallyTimeOfDay.ToString('hh\:mm\:ss')
        syncs_per_day  = [int] $subscription.NumberOfSynchronizationsPerDay
    }
    languages                  = @($configuration.GetEnabledUpdateLanguages())
    approved_update_count      = Invoke-Safely 'the approved update count' {
        $scope = New-Object Microsoft.UpdateServices.Administration.UpdateScope
        $scope.ApprovedStates = [Microsoft.UpdateServices.Administration.ApprovedStates]::LatestRevisionApproved
        [int] $wsus.GetUpdateCount($scope)
    }
    tls                        = Invoke-Safely 'the TLS registry values' { Get-TlsFacts }
}

Write-Step 'Reading the synchronization history'
$bundle = [ordered]@{
    format            = 'wsus-sync-doctor-bundle'
    version           = 1
    collected_utc     = ConvertTo-UtcText ([DateTime]::UtcNow)
    collector_version = $CollectorVersion
    server            = $server
    history           = @(Get-HistoryRows $subscription)
}
if ($IncludeUpdates) {
    Write-Step 'Listing the updates (this takes a while)'
    $bundle.updates = @(Get-UpdateRows $wsus)
}
$json = $bundle | ConvertTo-Json -Depth 10
[IO.File]::WriteAllText((Join-Path $work 'bundle.json'), $json, (New-Object Text.UTF8Encoding $false))

Write-Step "Copying the last $LogMegabytes MB of SoftwareDistribution.log"
$setup = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
$installDir = if ($setup) { $setup.TargetDir } else { Join-Path $env:ProgramFiles 'Update Services' }
foreach ($log in Get-ChildItem -Path (Join-Path $installDir 'LogFiles') -Filter 'SoftwareDistribution*.log' -ErrorAction SilentlyContinue) {
    Invoke-Safely $log.Name { Copy-LogTail $log.FullName (Join-Path $work "logs\$($log.Name)") $LogMegabytes }
}

Write-Step 'Exporting the WSUS events of the Application log'
$query = "*[System[Provider[@Name='$WsusProvider']]]"
$events = & wevtutil.exe qe Application "/q:$query" /f:RenderedXml
if ($LASTEXITCODE -eq 0) {
    [IO.File]::WriteAllLines((Join-Path $work 'events.xml'), [string[]] $events, (New-Object Text.UTF8Encoding $false))
} else {
    Write-Warning "wevtutil failed with exit code $LASTEXITCODE"
}

$sms = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\SMS\Identification' -ErrorAction SilentlyContinue
$smsSetup = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\SMS\Setup' -ErrorAction SilentlyContinue
if ($sms -and $smsSetup) {
    Write-Step 'Copying the ConfigMgr software update point logs'
    $null = New-Item -ItemType Directory -Path (Join-Path $work 'configmgr')
    foreach ($name in 'wsyncmgr.log', 'WCM.log') {
        $path = Join-Path $smsSetup.'Installation Directory' "Logs\$name"
        if (Test-Path -LiteralPath $path) {
            Invoke-Safely $name { Copy-LogTail $path (Join-Path $work "configmgr\$name") $LogMegabytes }
        }
    }
}

$zip = Join-Path $OutputFolder "$bundleName.zip"
Write-Step "Writing $zip"
Add-Type -AssemblyName System.IO.Compression.FileSystem
[IO.Compression.ZipFile]::CreateFromDirectory($work, $zip, [IO.Compression.CompressionLevel]::Optimal, $true)
Remove-Item -LiteralPath $work -Recurse -Force
Write-Step 'Done. Import the .zip into WSUS Sync Doctor.'
