package gallery.local.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values as CDK writes them in the synthesized template (Gallery.template.json), resolved to the local stack's. */
class TemplateValuesTest {
    static final JsonNode TEMPLATE = json("""
            {"Resources": {
               "Originals": {"Type": "AWS::S3::Bucket"},
               "Pool": {"Type": "AWS::Cognito::UserPool"},
               "Edge": {"Type": "AWS::CloudFront::Distribution"},
               "Topic": {"Type": "AWS::SNS::Topic"}},
             "Outputs": {
               "OriginalsBucket": {"Value": {"Ref": "Originals"}},
               "UserPoolId": {"Value": {"Ref": "Pool"}},
               "SiteUrl": {"Value": {"Fn::Join": ["", ["https://", {"Fn::GetAtt": ["Edge", "DomainName"]}]]}}}}
            """);

    TemplateValues values() {
        return new TemplateValues(TEMPLATE, "us-east-1", "Gallery")
                .bindOutput("OriginalsBucket", "originals")
                .bindOutput("UserPoolId", "us-east-1_local")
                .bindOutput("SiteUrl", "http://127.0.0.1:8400")
                .bindAttribute("Pool", "ProviderURL", "http://127.0.0.1:8404/us-east-1_local");
    }

    @Test
    void refsAndAttributesBoundThroughTheOutputs() {
        TemplateValues v = values();
        assertThat(v.resolve(json("{\"Ref\": \"Originals\"}"), "x")).isEqualTo("originals");
        assertThat(v.resolve(json("\"plain\""), "x")).isEqualTo("plain");
        // The same expression as an output: its local value, whatever it is made of.
        assertThat(v.resolve(json("{\"Fn::Join\": [\"\", [\"https://\", {\"Fn::GetAtt\": [\"Edge\", \"DomainName\"]}]]}"), "x"))
                .isEqualTo("http://127.0.0.1:8400");
        assertThat(v.resolve(json("{\"Fn::Join\": [\"\", [{\"Fn::GetAtt\": [\"Pool\", \"ProviderURL\"]}, \"/.well-known/jwks.json\"]]}"), "x"))
                .isEqualTo("http://127.0.0.1:8404/us-east-1_local/.well-known/jwks.json");
        assertThat(v.resolve(json("{\"Fn::Sub\": \"arn:${AWS::Partition}:s3:::${Originals}/*\"}"), "x")).isEqualTo("arn:aws:s3:::originals/*");
        assertThat(v.resolve(json("{\"Fn::Select\": [1, {\"Fn::Split\": [\":\", \"a:b:c\"]}]}"), "x")).isEqualTo("b");
        assertThat(v.outputResource("UserPoolId")).hasValue("Pool");
    }

    @Test
    void aResourceWithoutALocalCounterpartIsNamed() {
        assertThatThrownBy(() -> values().resolve(json("{\"Ref\": \"Topic\"}"), "Environment.ALARM_TOPIC of Fn"))
                .isInstanceOf(TemplateValues.Unresolved.class)
                .hasMessageContaining("Environment.ALARM_TOPIC of Fn").hasMessageContaining("Topic (AWS::SNS::Topic)");
        assertThatThrownBy(() -> values().bindOutput("Nope", "x")).hasMessageContaining("no output Nope");
    }

    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
