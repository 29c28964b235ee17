package org.coppipeline.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.gateway.replay.JsonDiff.Change;
import org.coppipeline.gateway.replay.JsonDiff.Kind;

class JsonDiffTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each change as "kind path[->toPath] from -> to", for compact assertions. */
    static List<String> diff(String from, String to) {
        return JsonDiff.diff(json(from), json(to)).stream().map(JsonDiffTest::line).toList();
    }

    static String line(Change c) {
        String path = c.fromPath() != null && c.toPath() != null && !c.fromPath().equals(c.toPath())
                ? c.fromPath() + "->" + c.toPath() : c.path();
        return c.kind().name().toLowerCase() + " " + path + " " + c.from() + " -> " + c.to();
    }

    @Test
    void equalDocumentsHaveNoChangeWhateverTheMemberOrderOrNumberSpelling() {
        assertThat(diff("{'a':1,'b':{'c':[1,2]}}", "{'b':{'c':[1.0,2]},'a':1.00}")).isEmpty();
    }

    @Test
    void membersAddedRemovedAndChangedAtTheirPointers() {
        assertThat(diff("{'a':1,'b':'x','c':{'d':true}}", "{'a':2,'c':{'d':false,'e':null}}")).containsExactly(
                "changed /a 1 -> 2",
                "removed /b \"x\" -> null",
                "changed /c/d true -> false",
                "added /c/e null -> null");
    }

    @Test
    void anAddedMemberWhoseValueIsNullIsStillAnAddition() {
        List<Change> changes = JsonDiff.diff(json("{}"), json("{'a':null}"));
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.ADDED);
            assertThat(c.from()).isNull();
            assertThat(c.to().isNull()).isTrue();
        });
    }

    @Test
    void aTypeChangeIsOneChangeOfTheWholeValue() {
        assertThat(diff("{'a':{'b':1}}", "{'a':[1]}")).containsExactly("changed /a {\"b\":1} -> [1]");
        assertThat(diff("{'a':'1'}", "{'a':1}")).containsExactly("changed /a \"1\" -> 1");
    }

    @Test
    void anElementInsertedInTheMiddleIsOneAdditionNotAShiftOfEveryElementAfterIt() {
        assertThat(diff("{'l':['a','b','c','d']}", "{'l':['a','x','b','c','d']}"))
                .containsExactly("added /l/1 null -> \"x\"");
    }

    @Test
    void anElementRemovedFromTheMiddleIsOneRemoval() {
        assertThat(diff("{'l':['a','b','c','d']}", "{'l':['a','c','d']}"))
                .containsExactly("removed /l/1 \"b\" -> null");
    }

    @Test
    void aReplacedTextElementIsARemovalAndAnAddition() {
        assertThat(diff("{'l':['a','b','c']}", "{'l':['a','x','c']}"))
                .containsExactly("removed /l/1 \"b\" -> null", "added /l/1 null -> \"x\"");
    }

    @Test
    void objectsNamingTheSameThingAreComparedInsideEvenWhenTheyMoved() {
        String from = "{'w':[{'code':'a','level':'info'},{'code':'b','level':'warning'}]}";
        String to = "{'w':[{'code':'new','level':'info'},{'code':'a','level':'info'},{'code':'b','level':'critical'}]}";
        // The new warning is one addition; warning b moved from index 1 to 2 and is compared with itself.
        assertThat(diff(from, to)).containsExactly(
                "added /w/0 null -> {\"code\":\"new\",\"level\":\"info\"}",
                "changed /w/1/level->/w/2/level \"warning\" -> \"critical\"");
    }

    @Test
    void objectsNamingDifferentThingsAreNotPairedButRemovedAndAdded() {
        String from = "{'w':[{'code':'a','message':'m'}]}";
        String to = "{'w':[{'code':'b','message':'m'}]}";
        assertThat(diff(from, to)).containsExactly(
                "removed /w/0 {\"code\":\"a\",\"message\":\"m\"} -> null",
                "added /w/0 null -> {\"code\":\"b\",\"message\":\"m\"}");
    }

    @Test
    void objectsWithoutIdentityArePairedInOrder() {
        assertThat(diff("{'r':[{'dose':1,'weeks':4},{'dose':2}]}", "{'r':[{'dose':1,'weeks':6},{'dose':2}]}"))
                .containsExactly("changed /r/0/weeks 4 -> 6");
    }

    @Test
    void elementsAddedAtTheEndAndRemovedFromTheStart() {
        assertThat(diff("{'l':[1,2,3]}", "{'l':[2,3,4,5]}")).containsExactly(
                "removed /l/0 1 -> null", "added /l/2 null -> 4", "added /l/3 null -> 5");
    }

    @Test
    void emptyAndFullArrays() {
        assertThat(diff("{'l':[]}", "{'l':['a','b']}")).containsExactly("added /l/0 null -> \"a\"", "added /l/1 null -> \"b\"");
        assertThat(diff("{'l':['a']}", "{'l':[]}")).containsExactly("removed /l/0 \"a\" -> null");
    }

    @Test
    void memberNamesAreEscapedInPointers() {
        assertThat(diff("{'a/b':{'c~d':1}}", "{'a/b':{'c~d':2}}")).containsExactly("changed /a~1b/c~0d 1 -> 2");
    }

    @Test
    void applyingTheChangesToTheFirstDocumentGivesTheSecond() {
        // The diff is complete: every change it lists, applied, turns the one document into the other (objects only,
        // where paths on both sides agree).
        JsonNode from = json("{'a':1,'b':{'c':2,'d':[1,2]},'e':'x'}");
        JsonNode to = json("{'a':1,'b':{'c':3,'d':[1,2],'f':true},'g':null}");
        com.fasterxml.jackson.databind.node.ObjectNode patched = (com.fasterxml.jackson.databind.node.ObjectNode) from.deepCopy();
        for (Change change : JsonDiff.diff(from, to)) {
            String path = change.path();
            String parent = path.substring(0, path.lastIndexOf('/'));
            String name = path.substring(path.lastIndexOf('/') + 1);
            com.fasterxml.jackson.databind.node.ObjectNode holder = parent.isEmpty() ? patched
                    : (com.fasterxml.jackson.databind.node.ObjectNode) patched.at(parent);
            if (change.kind() == Kind.REMOVED) {
                holder.remove(name);
            } else {
                holder.set(name, change.to());
            }
        }
        assertThat(patched).isEqualTo(to);
    }

    @Test
    void longArraysAreComparedIndexByIndex() {
        StringBuilder a = new StringBuilder("[");
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 600; i++) {
            a.append(i == 0 ? "" : ",").append(i);
            b.append(i == 0 ? "" : ",").append(i == 300 ? -1 : i);
        }
        List<Change> changes = JsonDiff.diff(json(a + "]"), json(b + "]"));
        assertThat(changes).extracting(Change::path).containsExactly("/300");
    }
}
