package io.smtpy.webadmin.tasks;

import java.time.Instant;
import java.util.List;

import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;

import com.fasterxml.jackson.annotation.JsonProperty;

/** JSON form of {@link DkimRotationTask.Details}, registered with James by the smtpy task extension. */
public class DkimRotationTaskDetailsDTO implements AdditionalInformationDTO {

    public static AdditionalInformationDTOModule<DkimRotationTask.Details, DkimRotationTaskDetailsDTO> module() {
        return DTOModule.forDomainObject(DkimRotationTask.Details.class)
            .convertToDTO(DkimRotationTaskDetailsDTO.class)
            .toDomainObjectConverter(dto -> new DkimRotationTask.Details(dto.domain, dto.transitions, dto.timestamp))
            .toDTOConverter((details, type) -> new DkimRotationTaskDetailsDTO(type, details.getDomain(),
                details.getTransitions(), details.timestamp()))
            .typeName(DkimRotationTask.TYPE.asString())
            .withFactory(AdditionalInformationDTOModule::new);
    }

    public final String type;
    public final String domain;
    public final List<String> transitions;
    public final Instant timestamp;

    public DkimRotationTaskDetailsDTO(@JsonProperty("type") String type, @JsonProperty("domain") String domain,
                                      @JsonProperty("transitions") List<String> transitions,
                                      @JsonProperty("timestamp") Instant timestamp) {
        this.type = type;
        this.domain = domain;
        this.transitions = transitions;
        this.timestamp = timestamp;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }
}
