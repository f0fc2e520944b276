package io.smtpy.webadmin.tasks;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.smtpy.core.importing.AliasImport;

/** JSON form of {@link AliasImportTask.Details}, registered with James by the smtpy task extension. */
public class AliasImportTaskDetailsDTO implements AdditionalInformationDTO {

    public static AdditionalInformationDTOModule<AliasImportTask.Details, AliasImportTaskDetailsDTO> module() {
        return DTOModule.forDomainObject(AliasImportTask.Details.class)
            .convertToDTO(AliasImportTaskDetailsDTO.class)
            .toDomainObjectConverter(dto -> new AliasImportTask.Details(dto.domain, dto.dryRun, dto.partial, dto.linesRead,
                dto.valid, dto.created, dto.updated, dto.written, dto.errorCount,
                dto.errors.stream().map(e -> new AliasImport.LineError(e.line, e.field, e.message)).collect(Collectors.toList()),
                dto.timestamp))
            .toDTOConverter((details, type) -> new AliasImportTaskDetailsDTO(type, details.getDomain(), details.isDryRun(),
                details.isPartial(), details.getLinesRead(), details.getValid(), details.getCreated(), details.getUpdated(),
                details.isWritten(), details.getErrorCount(),
                details.getErrors().stream().map(e -> new LineErrorDTO(e.line(), e.field(), e.message())).collect(Collectors.toList()),
                details.timestamp()))
            .typeName(AliasImportTask.TYPE.asString())
            .withFactory(AdditionalInformationDTOModule::new);
    }

    /** One line error. */
    public static class LineErrorDTO {
        public final int line;
        public final String field;
        public final String message;

        public LineErrorDTO(@JsonProperty("line") int line, @JsonProperty("field") String field, @JsonProperty("message") String message) {
            this.line = line;
            this.field = field;
            this.message = message;
        }
    }

    public final String type;
    public final String domain;
    public final boolean dryRun;
    public final boolean partial;
    public final int linesRead;
    public final int valid;
    public final int created;
    public final int updated;
    public final boolean written;
    public final int errorCount;
    public final List<LineErrorDTO> errors;
    public final Instant timestamp;

    public AliasImportTaskDetailsDTO(@JsonProperty("type") String type, @JsonProperty("domain") String domain,
                                     @JsonProperty("dryRun") boolean dryRun, @JsonProperty("partial") boolean partial,
                                     @JsonProperty("linesRead") int linesRead, @JsonProperty("valid") int valid,
                                     @JsonProperty("created") int created, @JsonProperty("updated") int updated,
                                     @JsonProperty("written") boolean written, @JsonProperty("errorCount") int errorCount,
                                     @JsonProperty("errors") List<LineErrorDTO> errors, @JsonProperty("timestamp") Instant timestamp) {
        this.type = type;
        this.domain = domain;
        this.dryRun = dryRun;
        this.partial = partial;
        this.linesRead = linesRead;
        this.valid = valid;
        this.created = created;
        this.updated = updated;
        this.written = written;
        this.errorCount = errorCount;
        this.errors = errors;
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
