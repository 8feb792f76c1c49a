//! One operation of the OpenAPI document as it is put together: what a route's arguments
//! and answer type add to it (parameters, body, answers, with their schemas from the
//! types). Only the generator (`make openapi`) builds these; the Worker never does.

use std::collections::BTreeMap;

use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Value};

pub struct Operation<'g> {
    generator: &'g mut SchemaGenerator,
    pub parameters: Vec<Value>,
    pub body: Option<Value>,
    /// Successful answers by status: their content (media type → schema).
    pub answers: BTreeMap<u16, Option<BTreeMap<String, Value>>>,
    /// Answers with a problem document, by status: what they mean here.
    pub problems: BTreeMap<u16, String>,
    /// Response headers of the successful answers.
    pub answer_headers: BTreeMap<String, Value>,
}

impl<'g> Operation<'g> {
    pub fn new(generator: &'g mut SchemaGenerator) -> Self {
        Self {
            generator,
            parameters: Vec::new(),
            body: None,
            answers: BTreeMap::new(),
            problems: BTreeMap::new(),
            answer_headers: BTreeMap::new(),
        }
    }

    /// `T`'s schema, as a reference to the document's components when it has a name.
    pub fn schema<T: JsonSchema>(&mut self) -> Value {
        self.generator.subschema_for::<T>().to_value()
    }

    pub fn path_parameter(&mut self, name: &str, description: &str, schema: Value) {
        self.parameter("path", name, description, schema, true);
    }

    pub fn header(&mut self, name: &str, description: &str, schema: Value) {
        self.parameter("header", name, description, schema, false);
    }

    fn parameter(
        &mut self,
        at: &str,
        name: &str,
        description: &str,
        schema: Value,
        required: bool,
    ) {
        if self
            .parameters
            .iter()
            .any(|p| p["name"] == name && p["in"] == at)
        {
            return;
        }
        let mut parameter =
            json!({ "name": name, "in": at, "required": required, "schema": schema });
        if !description.is_empty() {
            parameter["description"] = description.into();
        }
        self.parameters.push(parameter);
    }

    /// `T`'s fields as query parameters, each with its own schema and description.
    pub fn query<T: JsonSchema>(&mut self) {
        let schema = self.generator.root_schema_for::<T>().to_value();
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.resolve(reference),
            None => schema,
        };
        let Some(properties) = schema["properties"].as_object() else {
            return;
        };
        for (name, property) in properties {
            let mut property = property.clone();
            let description = property
                .as_object_mut()
                .and_then(|p| p.remove("description"))
                .and_then(|d| d.as_str().map(str::to_owned))
                .unwrap_or_default();
            // An optional field's schema allows `null`, which a query cannot send.
            if let Some(types) = property["type"].as_array() {
                let types: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
                property["type"] = if types.len() == 1 {
                    types[0].clone()
                } else {
                    types.into()
                };
            }
            if let Some(any_of) = property["anyOf"].as_array() {
                let kept: Vec<Value> = any_of
                    .iter()
                    .filter(|s| s["type"] != "null")
                    .cloned()
                    .collect();
                if kept.len() == 1 {
                    property = kept[0].clone();
                }
            }
            let required = schema["required"]
                .as_array()
                .is_some_and(|r| r.iter().any(|n| n == name));
            self.parameter("query", name, &description, property, required);
        }
    }

    fn resolve(&mut self, reference: &str) -> Value {
        let name = reference.rsplit('/').next().unwrap_or_default();
        self.generator
            .definitions()
            .get(name)
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// The request body: `T` as JSON.
    pub fn json_body<T: JsonSchema>(&mut self, limit_kb: usize) {
        let schema = self.schema::<T>();
        self.body = Some(json!({
            "required": true,
            "content": { "application/json": { "schema": schema } },
        }));
        self.problem(
            400,
            "The body is not JSON of this shape, or breaks a rule; `errors` names each field.",
        );
        self.problem(413, &format!("The body is larger than {limit_kb} KB."));
        self.problem(415, "The body is not sent as `application/json`.");
    }

    /// The request body: a file of `media` as it is (an upload).
    pub fn file_body(&mut self, media: &str, limit: &str) {
        self.body = Some(json!({
            "required": true,
            "content": { media: { "schema": { "type": "string", "format": "binary" } } },
        }));
        self.problem(413, &format!("The body is larger than {limit}."));
        self.problem(415, &format!("The body is not sent as `{media}`."));
    }

    /// The request body: a file in one of `media`, at most `limit`.
    pub fn file_bodies(&mut self, media: &[&str], limit: &str) {
        let content: serde_json::Map<String, Value> = media
            .iter()
            .map(|m| {
                (
                    (*m).to_owned(),
                    json!({ "schema": { "type": "string", "format": "binary" } }),
                )
            })
            .collect();
        self.body = Some(json!({ "required": true, "content": content }));
        self.problem(413, &format!("The body is larger than {limit}."));
        self.problem(
            415,
            &format!("The body is not sent as `{}`.", media.join("` or `")),
        );
    }

    /// The request body: `T` as an HTML form posts it.
    pub fn form_body<T: JsonSchema>(&mut self) {
        let schema = self.generator.root_schema_for::<T>().to_value();
        self.body = Some(json!({
            "required": true,
            "content": { "application/x-www-form-urlencoded": { "schema": schema } },
        }));
    }

    /// A successful answer with `content` (media type → schema); `None`: no body.
    pub fn answer(&mut self, status: u16, content: Option<(&str, Value)>) {
        let entry = self
            .answers
            .entry(status)
            .or_insert_with(|| content.as_ref().map(|_| BTreeMap::new()));
        if let (Some(map), Some((media, schema))) = (entry.as_mut(), content) {
            map.insert(media.to_owned(), schema);
        }
    }

    pub fn answer_header(&mut self, name: &str, description: &str) {
        self.answer_headers.insert(
            name.to_owned(),
            json!({ "description": description, "schema": { "type": "string" } }),
        );
    }

    /// An answer with a problem document, unless the operation already words it.
    pub fn problem(&mut self, status: u16, description: &str) {
        self.problems
            .entry(status)
            .or_insert_with(|| description.to_owned());
    }
}
