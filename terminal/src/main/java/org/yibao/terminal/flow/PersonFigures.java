package org.yibao.terminal.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.store.person.CachedPerson;
import org.yibao.terminal.store.person.PersonStore;

/**
 * A person as the terminal knows them now: the last 1101 answer from the centre with the live
 * account balances and year-to-date accumulators (which include every local settlement and
 * reversal since) put in place of the figures the answer had when it was received.
 */
public final class PersonFigures {
    private final PersonStore store;

    public PersonFigures(PersonStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The live 1101 output object of {@code cached}: balc and term_accuinfo replaced by the live figures. */
    public ObjectNode liveOutput(CachedPerson cached) throws SQLException {
        return store.atOneMoment(() -> live(cached)); // a settlement committing between the reads would tear the answer
    }

    private ObjectNode live(CachedPerson cached) throws SQLException {
        ObjectNode out = (ObjectNode) Json.parse(cached.personJson(), "人员缓存");
        PersonSnapshot parsed = PersonJson.parse(out);
        int index = -1;
        for (JsonNode row : out.withArray("insuinfo")) {
            index++;
            if (!row.isObject()) continue;
            // the live balance is the row's a settlement uses; another row of the insutype keeps the centre's balc
            if (!parsed.settlesOn(parsed.insurances().get(index))) continue;
            OptionalLong balance = store.balance(cached.psnNo(), row.path("insutype").asText());
            if (balance.isPresent()) ((ObjectNode) row).set("balc", DecimalNode.valueOf(BigDecimal.valueOf(balance.getAsLong(), 2)));
        }
        ArrayNode accu = out.putArray("term_accuinfo");
        for (PersonSnapshot.YearAccumulators a : store.accumulators(cached.psnNo())) {
            ObjectNode n = accu.addObject();
            n.put("year", a.year());
            n.put("accu_group", a.group());
            n.set("dedc_used", DecimalNode.valueOf(BigDecimal.valueOf(a.values().dedcUsed(), 2)));
            n.set("fund_paid", DecimalNode.valueOf(BigDecimal.valueOf(a.values().fundPaid(), 2)));
            n.set("inscp_over_dedc", DecimalNode.valueOf(BigDecimal.valueOf(a.values().inscpOverDedc(), 2)));
        }
        return out;
    }

    /**
     * The person {@code psnNo} with live figures, or empty when the terminal never identified them:
     * the same figures as {@link #liveOutput}, put into the parsed answer directly (every
     * settlement reads them, so they are not written out as JSON to be parsed again).
     */
    public Optional<PersonSnapshot> load(String psnNo) throws SQLException {
        return store.atOneMoment(() -> snapshot(psnNo));
    }

    private Optional<PersonSnapshot> snapshot(String psnNo) throws SQLException {
        Optional<CachedPerson> cached = store.byPsnNo(psnNo);
        if (cached.isEmpty()) return Optional.empty();
        PersonSnapshot p = PersonJson.parse(Json.parse(cached.get().personJson(), "人员缓存"));
        List<PersonSnapshot.Insurance> insurances = new ArrayList<>(p.insurances().size());
        for (PersonSnapshot.Insurance row : p.insurances()) {
            OptionalLong balance = p.settlesOn(row)
                    ? store.balance(cached.get().psnNo(), row.insutype()) : OptionalLong.empty();
            insurances.add(balance.isPresent()
                    ? new PersonSnapshot.Insurance(row.insutype(), row.psnType(), balance.getAsLong(), row.insuplcAdmdvs(),
                            row.insuStatus())
                    : row);
        }
        return Optional.of(new PersonSnapshot(p.psnNo(), p.name(), p.certno(), insurances,
                store.accumulators(cached.get().psnNo()), p.opsp(), true));
    }
}
