package io.smtpy.webadmin.dto;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.smtpy.core.model.Cidr;
import io.smtpy.protection.ConnectionGuard;
import io.smtpy.protection.ProtectionCounters;
import io.smtpy.protection.ProtectionSettings;
import io.smtpy.protection.RefusedClient;

/** The JSON shape of connection-level protection: the settings in force, the counters, the refused clients. */
public final class ProtectionViews {
    private ProtectionViews() {
    }

    public static Map<String, Object> of(ConnectionGuard guard) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("settings", settings(guard.settings()));
        view.put("counters", counters(guard.counters()));
        view.put("refused", guard.refusedClients().stream().map(ProtectionViews::refused).collect(Collectors.toList()));
        return view;
    }

    private static Map<String, Object> settings(ProtectionSettings settings) {
        Map<String, Object> probes = new LinkedHashMap<>();
        probes.put("slowAfter", settings.slowAfter());
        probes.put("refuseAfter", settings.refuseAfter());
        probes.put("windowMinutes", settings.window().toMinutes());
        probes.put("refuseMinutes", settings.refuseFor().toMinutes());
        probes.put("delayStepMillis", settings.delayStep().toMillis());
        probes.put("maxDelayMillis", settings.maxDelay().toMillis());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("dnsblZones", settings.dnsblZones());
        view.put("trustedNetworks", settings.trustedNetworks().stream().map(Cidr::asString).collect(Collectors.toList()));
        view.put("probes", probes);
        return view;
    }

    private static Map<String, Object> counters(ProtectionCounters counters) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("dnsblHits", counters.dnsblHits());
        view.put("dnsblErrors", counters.dnsblErrors());
        view.put("dnsblRefusedSessions", counters.dnsblRefusals());
        view.put("probesSlowed", counters.probesSlowed());
        view.put("clientsRefused", counters.clientsRefused());
        view.put("refusedClientReplies", counters.refusedClientReplies());
        return view;
    }

    public static Map<String, Object> refused(RefusedClient client) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("address", client.address().getHostAddress());
        view.put("until", client.until().toString());
        return view;
    }
}
