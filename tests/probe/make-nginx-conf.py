#!/usr/bin/env python3
"""nginx.conf for the probe harness: sites that answer like WSUS servers.

make-nginx-conf.py NGINX_DIR PKI_DIR name=port…  > nginx.conf
The SOAP bodies follow MS-WSUSSS §4 (GetAuthConfig sample, SOAP fault sample).
"""
import sys

ng, pki = sys.argv[1], sys.argv[2]
ports = dict(arg.split("=", 1) for arg in sys.argv[3:])

ENVELOPE = ('<?xml version="1.0" encoding="utf-8"?>'
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>{}</soap:Body></soap:Envelope>')

GET_AUTH_CONFIG = ENVELOPE.format(
    '<GetAuthConfigResponse xmlns="http://www.microsoft.com/SoftwareDistribution">'
    '<GetAuthConfigResult><LastChange>2006-06-07T20:41:50.883Z</LastChange><AuthInfo>'
    '<AuthPlugInInfo><PlugInID>DssTargeting</PlugInID>'
    '<ServiceUrl>DssAuthWebService/DssAuthWebService.asmx</ServiceUrl><Parameter /></AuthPlugInInfo>'
    '</AuthInfo></GetAuthConfigResult></GetAuthConfigResponse>')

COOKIE = ENVELOPE.format(
    '<GetAuthorizationCookieResponse xmlns="http://www.microsoft.com/SoftwareDistribution/Server/DssAuthWebService">'
    '<GetAuthorizationCookieResult><PlugInId>DssTargeting</PlugInId>'
    '<CookieData>4VEGgCdh/cuG4BSwhzLDomn2BAcYKl45Po5CmuBbOlRXfwhm</CookieData>'
    '</GetAuthorizationCookieResult></GetAuthorizationCookieResponse>')


def fault(code):
    return ENVELOPE.format(
        '<soap:Fault><faultcode>soap:Client</faultcode>'
        '<faultstring>System.Web.Services.Protocols.SoapException: Fault occurred at '
        'Microsoft.UpdateServices.Internal.SoapUtilities.ThrowException(ErrorCode errorCode, String message)</faultstring>'
        '<faultactor>http://localhost/ServerSyncWebService/ServerSyncWebService.asmx</faultactor>'
        '<detail><ErrorCode>{}</ErrorCode><Message /><ID>247dfffd-a6b4-4a57-b9d4-2e464b668cd3</ID>'
        '<Method>"http://www.microsoft.com/SoftwareDistribution/GetAuthConfig"</Method></detail>'
        '</soap:Fault>'.format(code))


UNRECOGNIZED_ACTION = ENVELOPE.format(
    '<soap:Fault><faultcode>soap:Client</faultcode>'
    '<faultstring>Server did not recognize the value of HTTP Header SOAPAction.</faultstring>'
    '<detail /></soap:Fault>')

ACTION = '"http://www.microsoft.com/SoftwareDistribution/GetAuthConfig"'
COOKIE_ACTION = '"http://www.microsoft.com/SoftwareDistribution/Server/DssAuthWebService/GetAuthorizationCookie"'


def wsus_locations(soap_answer, status=200, content=True):
    """The vdirs a WSUS site has: SelfUpdate, ServerSync, DssAuth, Content."""
    return f"""
    location = /selfupdate/wuident.cab {{ root {ng}/www; default_type application/vnd.ms-cab-compressed; }}
    location = /ServerSyncWebService/ServerSyncWebService.asmx {{
      default_type "text/xml; charset=utf-8";
      if ($http_soapaction != '{ACTION}') {{ return 500 '{UNRECOGNIZED_ACTION}'; }}
      return {status} '{soap_answer}';
    }}
    location = /DssAuthWebService/DssAuthWebService.asmx {{
      default_type "text/xml; charset=utf-8";
      if ($http_soapaction != '{COOKIE_ACTION}') {{ return 500 '{UNRECOGNIZED_ACTION}'; }}
      return 200 '{COOKIE}';
    }}
    location /Content/ {{ return {403 if content else 404}; }}
    location / {{ return 403; }}
"""


def server(port, body, tls=None, protocols="TLSv1.2 TLSv1.3"):
    listen = f"listen 127.0.0.1:{port}" + (" ssl" if tls else "") + ";"
    cert = ""
    if tls:
        cert = (f"ssl_certificate {pki}/{tls}.pem; ssl_certificate_key {pki}/{tls}.key; "
                f"ssl_protocols {protocols};")
    return f"  server {{ {listen} server_name localhost; {cert}\n{body}  }}\n"


servers = [
    server(ports["http_ok"], wsus_locations(GET_AUTH_CONFIG)),
    server(ports["https_ok"], wsus_locations(GET_AUTH_CONFIG), tls="leaf"),
    server(ports["https_content"], "    location /Content/ { return 403; }\n    location / { return 404; }\n"),
    server(ports["http_busy"], wsus_locations(fault("ServerBusy"), status=500)),
    server(ports["http_protocol"], wsus_locations(fault("IncompatibleProtocolVersion"), status=500)),
    server(ports["http_unavailable"], "    location / { return 503; }\n"),
    server(ports["http_notfound"], "    location / { return 404; }\n"),
    server(ports["http_auth"],
           '    location / { add_header WWW-Authenticate "Negotiate" always; '
           'add_header WWW-Authenticate "NTLM" always; return 401; }\n'),
    server(ports["http_notwsus"],
           "    location / { default_type text/html; return 200 '<html><body>It works</body></html>'; }\n"),
    server(ports["http_nocontent"], wsus_locations(GET_AUTH_CONFIG, content=False)),
    server(ports["https_expired"], wsus_locations(GET_AUTH_CONFIG), tls="expired"),
    server(ports["https_wrongname"], wsus_locations(GET_AUTH_CONFIG), tls="wrongname"),
    server(ports["https_msroot"], wsus_locations(GET_AUTH_CONFIG), tls="msleaf"),
    server(ports["https_inspect"], wsus_locations(GET_AUTH_CONFIG), tls="inspectleaf"),
    server(ports["https_tls13"], wsus_locations(GET_AUTH_CONFIG), tls="leaf", protocols="TLSv1.3"),
]

print(f"""# generated by make-nginx-conf.py
daemon on;
worker_processes 1;
pid {ng}/nginx.pid;
error_log {ng}/error.log warn;
events {{ worker_connections 128; }}
http {{
  client_body_temp_path {ng}/tmp/body;
  proxy_temp_path {ng}/tmp/proxy;
  fastcgi_temp_path {ng}/tmp/fastcgi;
  uwsgi_temp_path {ng}/tmp/uwsgi;
  scgi_temp_path {ng}/tmp/scgi;
  log_format probe '$server_port $request_method $uri $status "$http_soapaction"';
  access_log {ng}/access.log probe;
  server_tokens off;
{''.join(servers)}}}""")
